/** Attacks on the keyed proof (audit log and evidence) as a cell or anyone with file access but no key makes them. */
package dev.tejun.server.proof;
