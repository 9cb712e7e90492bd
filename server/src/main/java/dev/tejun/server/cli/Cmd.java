package dev.tejun.server.cli;

import java.io.File;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One {@code tejun} command as picocli sees it, built in a few words: its usage lines, what it does, its options and
 * the words it takes. Every command answers {@code -h/--help} with its own usage. A value typed {@link #FILE} completes
 * as a file name, one typed {@link #NUMBER} must be a whole number, one given a list of words completes to them.
 */
final class Cmd {

    static final Class<?> FILE = File.class;
    static final Class<?> NUMBER = int.class;
    /** Wide enough for the longest usage line on one line. */
    private static final int WIDTH = 120;

    final CommandSpec spec = CommandSpec.create();

    /** {@code synopsis}: the usage lines after {@code usage: }, each starting with {@code tejun}. */
    Cmd(String name, String description, String... synopsis) {
        spec.name(name);
        spec.usageMessage()
                .description(description)
                .width(WIDTH)
                .synopsisHeading("usage: ")
                .customSynopsis(indent(synopsis))
                .optionListHeading("%noptions:%n")
                .parameterListHeading("%narguments:%n")
                .commandListHeading("%ncommands:%n");
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("show this command's usage")
                .build());
    }

    /** An option with a value; {@code values}: a type ({@link #FILE}, {@link #NUMBER}) and/or the words it takes. */
    Cmd option(String names, String label, String description, Object... values) {
        OptionSpec.Builder b = OptionSpec.builder(names.split(",\\s*"))
                .paramLabel(label)
                .arity("1")
                .description(description);
        b.type(String.class);
        for (Object v : values) {
            if (v instanceof Class<?> type) {
                b.type(type);
            } else if (v instanceof List<?> words) {
                b.completionCandidates(words.stream().map(String::valueOf).toList());
            }
        }
        spec.addOption(b.build());
        return this;
    }

    /** An option without a value. */
    Cmd flag(String names, String description) {
        spec.addOption(OptionSpec.builder(names.split(",\\s*"))
                .arity("0")
                .type(boolean.class)
                .description(description)
                .build());
        return this;
    }

    /** {@code -p name=value}, repeatable. */
    Cmd params() {
        spec.addOption(OptionSpec.builder("-p", "--param")
                .paramLabel("NAME=VALUE")
                .type(String[].class)
                .auxiliaryTypes(String.class)
                .arity("1")
                .description("a param of the runbook or flow (repeat for more); NAME=? lists its choices")
                .build());
        return this;
    }

    /** {@code --server URL --token T}: a command against a running server. */
    Cmd remote() {
        return option("--server", "URL", "the server (default $TEJUN_SERVER)")
                .option("--token", "TOKEN", "an API token of the server (default $TEJUN_TOKEN)");
    }

    /**
     * Words without an option name, in the order given. {@code arity} is how many ({@code "1"}, {@code "0..1"},
     * {@code "0..*"}); a count the command checks itself with its own message is {@code "0..*"}.
     */
    Cmd words(String label, String arity, String description, Object... values) {
        PositionalParamSpec.Builder b = PositionalParamSpec.builder()
                .paramLabel(label)
                .arity(arity)
                .description(description)
                .type(arity.equals("1") || arity.equals("0..1") ? String.class : String[].class)
                .auxiliaryTypes(String.class);
        for (Object v : values) {
            if (v == FILE) {
                b.type(arity.equals("1") || arity.equals("0..1") ? File.class : File[].class)
                        .auxiliaryTypes(File.class);
            } else if (v instanceof List<?> words) {
                b.completionCandidates(words.stream().map(String::valueOf).toList());
            }
        }
        spec.addPositional(b.build());
        return this;
    }

    Cmd sub(Cmd... commands) {
        for (Cmd c : commands) {
            spec.addSubcommand(c.spec.name(), new CommandLine(c.spec));
        }
        return this;
    }

    Cmd hidden() {
        spec.usageMessage().hidden(true);
        return this;
    }

    Cmd footer(String... lines) {
        spec.usageMessage().footerHeading("%n").footer(lines);
        return this;
    }

    /** The lines of a usage text kept beside a command's code, one usage line each. */
    static String[] lines(String usage) {
        return usage.strip().lines().map(String::strip).toArray(String[]::new);
    }

    private static String[] indent(String... lines) {
        String[] indented = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            indented[i] = (i == 0 ? "" : "       ") + lines[i].replace("%", "%%");
        }
        return indented;
    }
}
