/**
 * One substitution engine for cells, flows and alert rules: references such as {@code ${params.env}} are found in a
 * text, looked up, and put into the text by the {@link dev.tejun.kernel.template.Quoting} of the language the text
 * is written in, so that a value always arrives as data (a shell word, a Java literal, a bound SQL parameter, an
 * {@code !unsafe} Ansible variable), never as syntax.
 */
package dev.tejun.kernel.template;
