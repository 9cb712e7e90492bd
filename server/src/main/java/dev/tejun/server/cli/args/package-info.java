/**
 * The command line's words as the CLI reads them ({@link dev.tejun.server.cli.args.Args}): shared by the local
 * commands ({@code dev.tejun.server.cli}) and the ones against a server ({@code dev.tejun.server.cli.remote}), so
 * neither package needs the other's back.
 */
package dev.tejun.server.cli.args;
