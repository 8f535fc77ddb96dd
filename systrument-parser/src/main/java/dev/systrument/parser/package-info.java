/**
 * strace text to model events.
 *
 * <p>Public API: {@link dev.systrument.parser.StraceReader} (open a file, a {@code .gz}, a
 * {@code -ff} directory or prefix, or a stream; pull events with {@code next()}), {@link
 * dev.systrument.parser.ReaderOptions}, {@link dev.systrument.parser.Problem} and {@link
 * dev.systrument.parser.ReadSummary}. Everything else is package-private, except the classes
 * ANTLR generates from the grammar: they are public by construction and therefore live apart, in
 * {@code dev.systrument.parser.internal.grammar}, which is not API.
 *
 * <p>How a line travels, for a newcomer:
 *
 * <ol>
 *   <li>{@code LineSource} cuts the input into physical lines in a reused buffer.
 *   <li>{@code GluedMessage} splits off a {@code strace: Process N attached} printed into the
 *       middle of another line (stderr captures).
 *   <li>{@code LineFramer} (hand-written, byte level, the hot path) finds the prefix, timestamp,
 *       kind, syscall name, argument range, result and duration. What it cannot judge goes to the
 *       grammar ({@code src/main/antlr4/.../internal/grammar/Strace.g4}, the specification of the language) via
 *       {@code StraceGrammar} and {@code AstBuilder}; a differential test keeps both in agreement
 *       on every corpus line.
 *   <li>{@code SourceReader} joins split calls, attaches {@code -k} stacks, converts clocks,
 *       reports problems and orders events in a bounded window; {@code StraceReader} merges
 *       {@code -ff} members.
 *   <li>Arguments stay bytes until someone asks: {@code GrammarArgumentDecoder} runs the
 *       grammar's {@code argumentList} rule and {@code AstBuilder} turns it into
 *       {@link dev.systrument.model.value.Value}s.
 * </ol>
 */
package dev.systrument.parser;
