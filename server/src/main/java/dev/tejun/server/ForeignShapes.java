package dev.tejun.server;

import static dev.tejun.server.apidoc.Shape.any;
import static dev.tejun.server.apidoc.Shape.either;
import static dev.tejun.server.apidoc.Shape.json;
import static dev.tejun.server.apidoc.Shape.listOf;
import static dev.tejun.server.apidoc.Shape.mapOf;
import static dev.tejun.server.apidoc.Shape.open;
import static dev.tejun.server.apidoc.Shape.recursive;
import static dev.tejun.server.apidoc.Shape.word;

import dev.tejun.kernel.alert.source.SourceFormat;
import dev.tejun.server.apidoc.Shape;
import dev.tejun.server.events.sources.EventSource;
import java.math.BigDecimal;

/**
 * The bodies {@link RouteShapes} names whose format is defined elsewhere or read field by field rather than as one
 * record: the OpenAPI document itself, nbformat, Ansible's dynamic inventory, an event source's definition.
 */
final class ForeignShapes {

    private ForeignShapes() {}

    /** How a json event source reads a sender's payload: where each field of an event is (JSON pointers or paths). */
    static final Shape.Schema MAPPING = open(
            "items", String.class,
            "name", String.class,
            "severity", String.class,
            "host", String.class,
            "labels", String.class,
            "annotations", String.class,
            "fingerprint", String.class,
            "status", String.class,
            "firing", listOf(String.class),
            "resolved", listOf(String.class),
            "fields", mapOf(String.class));

    /**
     * A CMDB cell's value as the column's type writes it: a string (text, date, address, reference, a masked secret), a
     * number, a boolean, or a list or map of such values (LIST and MAP columns); null when empty.
     */
    static final Shape.Schema CMDB_VALUE = recursive(
            "CmdbValue", self -> either(String.class, BigDecimal.class, Boolean.class, listOf(self), mapOf(self)));

    /** This document: OpenAPI 3.1's own schema is not restated here, only its top level. */
    static Shape.Body openApi() {
        return json(open(
                "openapi",
                word("3.1.0"),
                "info",
                open("title", String.class, "version", String.class),
                "paths",
                mapOf(mapOf(open("operationId", String.class, "summary", String.class))),
                "components",
                open("schemas", mapOf(open()))));
    }

    /** nbformat 4.5: the runbook's cells with their outputs, Tejun's record of the run in metadata.tejun. */
    static Shape.Body notebook() {
        return json(open(
                "nbformat",
                int.class,
                "nbformat_minor",
                int.class,
                "metadata",
                open(
                        "tejun",
                        open(
                                "runbook",
                                String.class,
                                "sha256",
                                String.class,
                                "status",
                                String.class,
                                "user",
                                String.class,
                                "via",
                                String.class,
                                "startedAt",
                                String.class),
                        "kernelspec",
                        open("name", String.class, "display_name", String.class)),
                "cells",
                listOf(open(
                        "cell_type",
                        word("markdown", "code", "raw"),
                        "id",
                        String.class,
                        "source",
                        either(String.class, listOf(String.class)),
                        "outputs",
                        listOf(open("output_type", String.class))))));
    }

    /** Ansible's dynamic-inventory format: _meta.hostvars (host to its variables), then one object per group. */
    static Shape.Body inventory() {
        return json(mapOf(open(
                "hosts", listOf(String.class), "children", listOf(String.class), "hostvars", mapOf(mapOf(any())))));
    }

    /** A new event source as {@code POST /api/event-sources} reads it (a mapping only for format json). */
    static Shape.Body eventSource() {
        return json(open(
                "name",
                String.class,
                "format",
                word(SourceFormat.KINDS.toArray(String[]::new)),
                "mapping",
                MAPPING,
                "key",
                listOf(String.class),
                "auth",
                word(EventSource.AUTHS.toArray(String[]::new)),
                "username",
                String.class));
    }
}
