/**
 * Parameter choices fed by the CMDB: a param's {@code choices: cmdb:hosts.name where groups contains 'web'} (or a
 * sheet column, narrowed by an earlier param through {@code ${params.env}} and {@code depends-on: env}), listed for
 * forms and the CLI and checked on the server before any cell of a run, whichever door started it.
 */
package dev.tejun.kernel.guard.choices;
