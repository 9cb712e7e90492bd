/**
 * The runbooks folder, and the one place where names from clients become paths, confined to it; its Git repository:
 * commit on save ({@link dev.tejun.kernel.folder.GitSaves}), history and the cell diff, the reviewed merge, releases,
 * and the remote it pulls from and pushes to ({@link dev.tejun.kernel.folder.GitRemote}).
 */
package dev.tejun.kernel.folder;
