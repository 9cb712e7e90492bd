/**
 * The one permission policy: who may read, run and approve what, by role names. Routes, the session socket, REST
 * runs, approvals, the flow engine and the scheduler all ask {@link dev.tejun.kernel.permission.Policy}, so no two
 * places can disagree about a role again.
 */
package dev.tejun.kernel.permission;
