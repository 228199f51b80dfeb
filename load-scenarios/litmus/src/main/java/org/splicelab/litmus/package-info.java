/**
 * The litmus front end: the lexer and parser of the {@code .litmus} format (LITMUS.md), its AST,
 * the evaluation of conditions against a final state, and the rendering of values and states.
 *
 * <p>Why it exists: a litmus file is a public interface written by people, so its errors must say
 * {@code FILE:LINE:COL} and what was expected; and the execution engine should receive a checked,
 * fully resolved program (every name declared, every bare pipe resolved to an end) so that it never
 * has to report a syntax problem itself. Nothing here depends on Akka; the engine that runs the
 * statements lives elsewhere and takes a {@link org.splicelab.litmus.LitmusTest} as its input.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Everything is immutable: records, unmodifiable lists, {@link org.splicelab.litmus.Bytes}
 *       copies its array in and out.</li>
 *   <li>Line numbers are 1-based; columns are 1-based and count characters (a tab is one).</li>
 *   <li>Parsing stops at the first error with a {@link org.splicelab.litmus.LitmusParseException}.</li>
 * </ul>
 */
package org.splicelab.litmus;
