/** The {@code splicelab} command line: one picocli subcommand per job, exit codes 0 ok, 1 check failed, 2 bad input. */
package org.splicelab.cli;
