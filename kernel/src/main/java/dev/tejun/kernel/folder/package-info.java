/** The runbooks folder, and the one place where names from clients become paths, confined to it. */
package dev.tejun.kernel.folder;
