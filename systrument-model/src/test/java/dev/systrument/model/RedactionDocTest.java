package dev.systrument.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/redaction.md is what users read to know what is hidden: every list of {@link
 * SecretPatterns} must be spelled out there, each entry as {@code `code`}, so that a rule added
 * here without its documentation fails the build.
 */
class RedactionDocTest {

  @Test
  void everyRuleListIsInTheDocumentation() throws IOException {
    String doc = Files.readString(Path.of(System.getProperty("systrument.repoRoot", ".."), "docs/redaction.md"));
    List<String> entries = new ArrayList<>();
    entries.addAll(SecretPatterns.ENV_NAME_WORDS);
    entries.addAll(SecretPatterns.ENV_NAME_WORD_ENDINGS);
    entries.addAll(SecretPatterns.ENV_NAMES_NOT_SECRET);
    entries.addAll(SecretPatterns.REFERENCE_SUFFIXES);
    entries.addAll(SecretPatterns.SECRET_WORDS);
    entries.addAll(SecretPatterns.AMBIGUOUS_OPTION_WORDS);
    entries.addAll(SecretPatterns.FLAG_VERBS);
    entries.addAll(SecretPatterns.AUTH_SCHEMES);
    entries.addAll(SecretPatterns.WRAPPERS);
    entries.addAll(SecretPatterns.SHELLS);
    entries.addAll(SecretPatterns.VARIABLE_SETTERS);
    SecretPatterns.SECRET_OPTION_ENDINGS.forEach(words -> entries.add(String.join(" ", words)));
    SecretPatterns.SECRET_OPTION_NAMES.forEach(name -> entries.add("--" + name));
    SecretPatterns.PROGRAM_OPTIONS.forEach((program, options) -> {
      entries.add(program);
      options.keySet().forEach(option -> entries.add(option + (options.get(option).attachedOnly() ? "PASS" : "")));
    });

    assertThat(missing(doc, entries)).as("entries of SecretPatterns' lists missing in docs/redaction.md").isEmpty();
  }

  private static List<String> missing(String doc, Collection<String> entries) {
    return entries.stream().filter(e -> !doc.contains("`" + e + "`")).toList();
  }
}
