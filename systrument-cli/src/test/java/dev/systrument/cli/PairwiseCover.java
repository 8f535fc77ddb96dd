package dev.systrument.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A pairwise covering set: combinations of values, one per dimension, such that every pair of
 * values of two dimensions appears in at least one (among the combinations {@code allowed}
 * accepts; it is asked about partial combinations too, and must reject only what the values
 * present rule out). Greedy and deterministic: each new combination starts from the first uncovered pair
 * and takes, dimension by dimension, the value that covers most uncovered pairs.
 */
final class PairwiseCover {
  private PairwiseCover() {}

  static List<Map<String, String>> of(Map<String, List<String>> dimensions, Predicate<Map<String, String>> allowed) {
    List<String> names = new ArrayList<>(dimensions.keySet());
    Set<String> uncovered = new HashSet<>();
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        for (String a : dimensions.get(names.get(i))) {
          for (String b : dimensions.get(names.get(j))) {
            Map<String, String> probe = new LinkedHashMap<>();
            probe.put(names.get(i), a);
            probe.put(names.get(j), b);
            if (completable(probe, names, dimensions, allowed)) {
              uncovered.add(key(names.get(i), a, names.get(j), b));
              pairs.add(new String[] {names.get(i), a, names.get(j), b});
            }
          }
        }
      }
    }
    List<Map<String, String>> cover = new ArrayList<>();
    while (!uncovered.isEmpty()) {
      String[] seed = pairs.stream().filter(p -> uncovered.contains(key(p[0], p[1], p[2], p[3]))).findFirst().orElseThrow();
      Map<String, String> c = new LinkedHashMap<>();
      c.put(seed[0], seed[1]);
      c.put(seed[2], seed[3]);
      for (String name : names) {
        if (c.containsKey(name)) {
          continue;
        }
        String best = null;
        int bestGain = -1;
        for (String value : dimensions.get(name)) {
          c.put(name, value);
          if (!completable(c, names, dimensions, allowed)) {
            c.remove(name);
            continue;
          }
          int gain = 0;
          for (Map.Entry<String, String> other : c.entrySet()) {
            if (!other.getKey().equals(name) && uncovered.contains(ordered(names, name, value, other.getKey(), other.getValue()))) {
              gain++;
            }
          }
          c.remove(name);
          if (gain > bestGain) {
            best = value;
            bestGain = gain;
          }
        }
        c.put(name, best);
      }
      Map<String, String> ordered = new LinkedHashMap<>();
      names.forEach(n -> ordered.put(n, c.get(n)));
      for (int i = 0; i < names.size(); i++) {
        for (int j = i + 1; j < names.size(); j++) {
          uncovered.remove(key(names.get(i), ordered.get(names.get(i)), names.get(j), ordered.get(names.get(j))));
        }
      }
      cover.add(ordered);
    }
    return cover;
  }

  /**
   * Whether the partial combination {@code c} may be completed: {@code allowed} sees partial
   * combinations and rejects only what the values present rule out.
   */
  private static boolean completable(
      Map<String, String> c, List<String> names, Map<String, List<String>> dimensions, Predicate<Map<String, String>> allowed) {
    return allowed.test(c);
  }

  private static String ordered(List<String> names, String n1, String v1, String n2, String v2) {
    return names.indexOf(n1) < names.indexOf(n2) ? key(n1, v1, n2, v2) : key(n2, v2, n1, v1);
  }

  private static String key(String n1, String v1, String n2, String v2) {
    return n1 + "=" + v1 + "\u0000" + n2 + "=" + v2;
  }
}
