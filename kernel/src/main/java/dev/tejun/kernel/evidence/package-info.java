/**
 * Evidence: an immutable record of every run on disk, written while the run happens, so that what was run,
 * by whom, with which inputs and what came back can be proven afterwards. Output is kept whole and raw.
 */
package dev.tejun.kernel.evidence;
