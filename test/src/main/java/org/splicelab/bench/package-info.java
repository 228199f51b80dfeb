/**
 * JMH benchmarks of the page arena and page vectors. Run from the root:
 * {@code java <splicelab.jvm.flags> -jar test/target/benchmarks.jar -prof gc} (see README.md).
 */
package org.splicelab.bench;
