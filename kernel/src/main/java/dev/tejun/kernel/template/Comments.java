package dev.tejun.kernel.template;

/**
 * A value inside a comment is only read by people, so it may be changed there, but it must never end the comment:
 * line breaks are written as {@code \n}/{@code \r}, other controls as {@code \\}{@code uXXXX}, a backslash is
 * doubled (so Java can never read a Unicode escape in it) and, in a block comment, {@code /} is written
 * {@code \/} so that no {@code * /} can close it.
 */
final class Comments {

    private Comments() {}

    static String line(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> {
                    // controls and Unicode spaces (JShell refuses U+2028 and U+3000 in a comment): as \\uXXXX, inert
                    if (Character.isISOControl(c) || (c > 0x7f && Character.isSpaceChar(c))) {
                        out.append(String.format("\\\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** @param followedBySlash the text after the value starts with {@code /} (a trailing {@code *} would close) */
    static String block(String value, boolean followedBySlash) {
        String out = line(value).replace("/", "\\/");
        return followedBySlash && out.endsWith("*") ? out + " " : out;
    }
}
