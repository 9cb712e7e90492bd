package dev.tejun.kernel.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a text as character offsets, split exactly as commonmark-java splits its input
 * ({@code \n}, {@code \r\n} or a lone {@code \r} end a line; a final line ending does not start an
 * empty line). That is what lets commonmark's line indexes address substrings of the original text.
 */
final class Lines {

    private final String text;
    /** starts[i] is where line i begins; starts[count] is text.length(). */
    private final int[] starts;

    private final int count;

    private Lines(String text, int[] starts, int count) {
        this.text = text;
        this.starts = starts;
        this.count = count;
    }

    static Lines of(String text) {
        List<Integer> found = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            found.add(i);
            int end = i;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                i = end + 2;
            } else {
                i = end + 1;
            }
        }
        int[] starts = new int[found.size() + 1];
        for (int k = 0; k < found.size(); k++) {
            starts[k] = found.get(k);
        }
        starts[found.size()] = n;
        return new Lines(text, starts, found.size());
    }

    int count() {
        return count;
    }

    /** Offset where line {@code index} starts; {@code index == count()} gives the end of the text. */
    int start(int index) {
        return starts[index];
    }

    /** Offset just after line {@code index}, including its line ending. */
    int end(int index) {
        return starts[index + 1];
    }

    /** The line with its line ending. */
    String withEnding(int index) {
        return text.substring(start(index), end(index));
    }

    /** The line without its line ending. */
    String content(int index) {
        return stripEnding(withEnding(index));
    }

    static String stripEnding(String line) {
        if (line.endsWith("\r\n")) {
            return line.substring(0, line.length() - 2);
        }
        if (line.endsWith("\n") || line.endsWith("\r")) {
            return line.substring(0, line.length() - 1);
        }
        return line;
    }

    /** The line ending of {@code line}: {@code "\r\n"}, {@code "\n"}, {@code "\r"} or {@code ""}. */
    static String ending(String line) {
        return line.substring(stripEnding(line).length());
    }

    /** The line ending at the end of the first line of {@code text}, {@code \n} when there is none. */
    static String firstEnding(String text) {
        Lines lines = Lines.of(text);
        String eol = lines.count() == 0 ? "" : ending(lines.withEnding(0));
        return eol.isEmpty() ? "\n" : eol;
    }

    static boolean endsWithLineEnding(String s) {
        return s.endsWith("\n") || s.endsWith("\r");
    }

    /** Whether {@code s} ends with a whole blank line (its line ending included). */
    static boolean endsWithBlankLine(String s) {
        Lines lines = Lines.of(s);
        return endsWithLineEnding(s) && lines.content(lines.count() - 1).isBlank();
    }

    /** Whether {@code s} starts with a whole blank line (its line ending included). */
    static boolean startsWithBlankLine(String s) {
        Lines lines = Lines.of(s);
        return lines.count() > 0 && lines.content(0).isBlank() && endsWithLineEnding(lines.withEnding(0));
    }
}
