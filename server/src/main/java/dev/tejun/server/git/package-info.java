/**
 * The runbooks repository and its Git remote (issue 21 §3): pull and push on demand (REST, {@code tejun git}) and on a
 * schedule ({@link dev.tejun.server.git.GitSync}), the push webhook Git hosts call, checked by its shared secret
 * ({@link dev.tejun.server.git.WebhookSignature}), and {@code tejun check} of every file a pull changed.
 */
package dev.tejun.server.git;
