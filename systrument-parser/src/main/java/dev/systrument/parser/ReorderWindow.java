package dev.systrument.parser;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * Entries ordered by (timestamp, sequence), cheap for input that is nearly sorted: an entry not
 * earlier than the last in-order one is appended to a FIFO in O(1); only the stragglers (status-
 * filtered logs print a call when it returns, with its start time) go to a heap. The smallest
 * entry is the smaller of the two heads.
 */
final class ReorderWindow<E extends ReorderWindow.Entry> {

  interface Entry {
    long timestamp();

    long sequence();
  }

  private final ArrayDeque<E> inOrder = new ArrayDeque<>();
  private final PriorityQueue<E> stragglers = new PriorityQueue<>(ReorderWindow::compare);

  private static int compare(Entry a, Entry b) {
    int c = Long.compare(a.timestamp(), b.timestamp());
    return c != 0 ? c : Long.compare(a.sequence(), b.sequence());
  }

  /**
   * Entries must be added in increasing sequence order. Returns false for a straggler: an entry
   * earlier than the last one added in order.
   */
  boolean add(E e) {
    E last = inOrder.peekLast();
    if (last == null || e.timestamp() >= last.timestamp()) {
      inOrder.addLast(e);
      return true;
    }
    stragglers.add(e);
    return false;
  }

  int size() {
    return inOrder.size() + stragglers.size();
  }

  /** The smallest entry, or null. */
  E peek() {
    E a = inOrder.peekFirst();
    E b = stragglers.peek();
    if (b == null || (a != null && compare(a, b) <= 0)) {
      return a;
    }
    return b;
  }

  /** Removes and returns the smallest entry, or null. */
  E poll() {
    E a = inOrder.peekFirst();
    E b = stragglers.peek();
    if (b == null || (a != null && compare(a, b) <= 0)) {
      return inOrder.pollFirst();
    }
    return stragglers.poll();
  }
}
