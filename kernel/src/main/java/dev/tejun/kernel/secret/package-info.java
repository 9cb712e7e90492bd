/**
 * Secret masking: {@link dev.tejun.kernel.secret.Masker} replaces known secret values (and their common encodings)
 * in text, {@link dev.tejun.kernel.secret.MaskingOutput} does so in a cell's output stream. The session wraps every
 * cell's output in one for the run's secret params; executors that are handed more secrets (ssh and ansible: their
 * hosts' credentials) add a layer of their own. A leaf that both the session and the executors use, so neither
 * reaches into the other for it.
 */
package dev.tejun.kernel.secret;
