package dev.systrument.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the answers of a pure function for the inputs that repeat: the environment entries,
 * values and names every exec of a build passes again (PATH, HOME, LANG, ...). Thread-safe; at
 * most {@code capacity} entries, all forgotten when full (inputs that repeat come back at once).
 */
final class BoundedMemo<K, V> {
  private final int capacity;
  private final Function<K, V> function;
  private final Map<K, V> answers = new ConcurrentHashMap<>();

  BoundedMemo(int capacity, Function<K, V> function) {
    this.capacity = capacity;
    this.function = function;
  }

  V get(K key) {
    V known = answers.get(key);
    if (known != null) {
      return known;
    }
    V answer = function.apply(key);
    if (answers.size() >= capacity) {
      answers.clear();
    }
    answers.put(key, answer);
    return answer;
  }
}
