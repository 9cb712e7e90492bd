/**
 * The narrow interface between a session and the code that runs cells. One sub-package per cell language
 * implements it; tests use a fake executor so they need no real programs.
 */
package dev.tejun.kernel.exec;
