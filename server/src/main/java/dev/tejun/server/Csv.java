package dev.tejun.server;

import java.util.List;

/** CSV as RFC 4180 writes it, safe to open in a spreadsheet: what the server's CSV downloads are made of. */
public final class Csv {

    private Csv() {}

    /** The heading line: plain column names (letters, digits and _), ended by CRLF. */
    public static String header(List<String> names) {
        return String.join(",", names) + "\r\n";
    }

    /** One line of fields, each quoted, ended by CRLF. */
    public static String line(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(values.get(i)));
        }
        return b.append("\r\n").toString();
    }

    /** RFC 4180 quoting, and a leading quote on what a spreadsheet would run as a formula; null is empty. */
    public static String field(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
