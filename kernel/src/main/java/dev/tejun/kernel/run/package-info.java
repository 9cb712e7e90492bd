/** Headless runs for schedulers and CI, and the terminal printer that shows their progress. */
package dev.tejun.kernel.run;
