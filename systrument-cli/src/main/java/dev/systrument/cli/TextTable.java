package dev.systrument.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table for the terminal: columns padded to their widest cell, text columns left-aligned and
 * number columns right-aligned, two spaces between, indented.
 */
final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** @param headers column titles; a title starting with {@code >} is a right-aligned column (the {@code >} is dropped) */
  TextTable(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].startsWith(">");
      this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
    }
  }

  TextTable row(Object... cells) {
    List<String> row = new ArrayList<>(cells.length);
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void appendTo(StringBuilder sb, String indent) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
      }
    }
    appendRow(sb, indent, headers, widths);
    for (List<String> row : rows) {
      appendRow(sb, indent, row, widths);
    }
  }

  private void appendRow(StringBuilder sb, String indent, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      int pad = widths[i] - cell.codePointCount(0, cell.length());
      if (i > 0) {
        line.append("  ");
      }
      if (rightAligned[i]) {
        line.append(" ".repeat(pad)).append(cell);
      } else {
        line.append(cell);
        if (i < cells.size() - 1) {
          line.append(" ".repeat(pad));
        }
      }
    }
    sb.append(line).append('\n');
  }
}
