package dev.tejun.kernel.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * The two GitHub-flavoured pieces commonmark-java has as extensions the registry does not serve here: task lists
 * ({@code - [ ] step}, {@code - [x] done}: a disabled checkbox) and footnotes ({@code text[^1]} with
 * {@code [^1]: the note} as a paragraph of its own: a numbered link, and the notes in a list at the end). Both are
 * made from the parsed tree after parsing, so nothing else of the syntax changes. A reference without its note
 * stays as written. Made for one runbook ({@link #create(List)}), a reference finds its note in any prose cell of
 * it: the notes are numbered across the runbook and a reference links to its note wherever on the page it is.
 */
final class GfmExtras implements Parser.ParserExtension, HtmlRenderer.HtmlRendererExtension {

    /** The labels of every note of the runbook in order (empty: only the text rendered counts). */
    private final List<String> documentNotes;

    private GfmExtras(List<String> documentNotes) {
        this.documentNotes = List.copyOf(documentNotes);
    }

    private static final Pattern TASK = Pattern.compile("^\\[([ xX])] ");
    private static final Pattern NOTE = Pattern.compile("^\\[\\^([^\\]\\s]{1,40})]:[ \\t]*");
    private static final Pattern REF = Pattern.compile("\\[\\^([^\\]\\s]{1,40})]");

    static Extension create() {
        return new GfmExtras(List.of());
    }

    /** For the prose of one runbook whose notes (in every prose cell) are {@code documentNotes}, in order. */
    static Extension create(List<String> documentNotes) {
        return new GfmExtras(documentNotes);
    }

    private static final Pattern NOTE_LABEL = Pattern.compile("^ {0,3}\\[\\^([^\\]\\s]{1,40})]:");

    /** The labels of the notes ({@code [^label]: …}) in {@code markdown}, outside fences, in order. */
    static List<String> noteLabels(String markdown) {
        List<String> out = new ArrayList<>();
        if (markdown.contains("[^")) {
            outsideFences(markdown, (line, outside) -> {
                Matcher m = NOTE_LABEL.matcher(line);
                if (outside && m.find() && !out.contains(m.group(1))) {
                    out.add(m.group(1));
                }
            });
        }
        return out;
    }

    /** Each line of {@code markdown} with its ending, and whether it is outside fences (a fence's own lines are not). */
    private static void outsideFences(String markdown, java.util.function.BiConsumer<String, Boolean> each) {
        String fence = null;
        for (String line : markdown.split("(?<=\n)", -1)) {
            Matcher f = FENCE_LINE.matcher(line);
            if (f.find()) {
                String mark = f.group(1);
                if (fence == null) {
                    fence = mark;
                } else if (mark.charAt(0) == fence.charAt(0) && mark.length() >= fence.length()) {
                    fence = null;
                }
                each.accept(line, false);
            } else {
                each.accept(line, fence == null);
            }
        }
    }

    private static final Pattern NOTE_LINE = Pattern.compile("(?m)^( {0,3})\\[\\^");
    private static final Pattern FENCE_LINE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    /**
     * The source with each note's {@code [^label]:} escaped ({@code \[^label]:}) outside fences: CommonMark would
     * take {@code [^1]: word} for a link reference definition and drop it. The escaped bracket reads as text, which
     * {@link #process} then finds.
     */
    static String protectNotes(String markdown) {
        if (!markdown.contains("[^")) {
            return markdown;
        }
        StringBuilder out = new StringBuilder(markdown.length() + 16);
        outsideFences(
                markdown,
                (line, outside) -> out.append(outside ? NOTE_LINE.matcher(line).replaceFirst("$1\\\\[^") : line));
        return out.toString();
    }

    /** The checkbox at the start of a task list item. */
    static final class TaskMarker extends CustomNode {
        final boolean checked;

        TaskMarker(boolean checked) {
            this.checked = checked;
        }
    }

    /** A reference to note number {@code number}. */
    static final class NoteRef extends CustomNode {
        final String id;
        final int number;

        NoteRef(String id, int number) {
            this.id = id;
            this.number = number;
        }
    }

    /** The notes at the end, each a {@link Note}. */
    static final class Notes extends CustomBlock {}

    static final class Note extends CustomBlock {
        final String id;
        /** Its number, when it is not its place in the list (the runbook's notes are numbered across cells). */
        int number;

        Note(String id) {
            this.id = id;
        }
    }

    @Override
    public void extend(Parser.Builder builder) {
        builder.postProcessor(this::process);
    }

    @Override
    public void extend(HtmlRenderer.Builder builder) {
        builder.nodeRendererFactory(Renderer::new);
    }

    private Node process(Node document) {
        List<Paragraph> paragraphs = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Paragraph p) {
                paragraphs.add(p);
            }
        });
        Map<String, Note> notes = new LinkedHashMap<>();
        for (Paragraph p : paragraphs) {
            mergeText(p);
            if (p.getParent() instanceof ListItem && p.getPrevious() == null) {
                task(p);
            }
            if (p.getParent() == document && p.getFirstChild() instanceof Text t) {
                Matcher m = NOTE.matcher(t.getLiteral());
                if (m.find() && !notes.containsKey(m.group(1))) {
                    t.setLiteral(t.getLiteral().substring(m.end()));
                    Note note = new Note(m.group(1));
                    moveChildren(p, note);
                    p.unlink();
                    notes.put(m.group(1), note);
                }
            }
        }
        List<String> order = new ArrayList<>(documentNotes);
        notes.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        if (order.isEmpty()) {
            return document;
        }
        for (Paragraph p : paragraphs) {
            if (p.getParent() != null) {
                references(p, order);
            }
        }
        if (notes.isEmpty()) {
            return document;
        }
        Notes end = new Notes();
        int place = 1;
        for (Note note : notes.values()) {
            int number = order.indexOf(note.id) + 1;
            note.number = number == place++ ? 0 : number;
            end.appendChild(note);
        }
        document.appendChild(end);
        return document;
    }

    /** Parsing leaves unmatched brackets as text nodes of their own: one text node per run, so patterns match. */
    private static void mergeText(Node parent) {
        Node n = parent.getFirstChild();
        while (n != null) {
            Node next = n.getNext();
            if (n instanceof Text t && next instanceof Text u) {
                t.setLiteral(t.getLiteral() + u.getLiteral());
                u.unlink();
                continue;
            }
            n = next;
        }
    }

    private static void task(Paragraph p) {
        if (p.getFirstChild() instanceof Text t) {
            Matcher m = TASK.matcher(t.getLiteral());
            if (m.find()) {
                t.setLiteral(t.getLiteral().substring(m.end()));
                t.insertBefore(new TaskMarker(!m.group(1).equals(" ")));
            }
        }
    }

    private static void moveChildren(Node from, Node to) {
        Node n = from.getFirstChild();
        while (n != null) {
            Node next = n.getNext();
            to.appendChild(n);
            n = next;
        }
    }

    private static void references(Node parent, List<String> order) {
        for (Node n = parent.getFirstChild(); n != null; ) {
            Node next = n.getNext();
            if (n instanceof Text t) {
                split(t, order);
            }
            n = next;
        }
    }

    private static void split(Text t, List<String> order) {
        String s = t.getLiteral();
        Matcher m = REF.matcher(s);
        int from = 0;
        boolean any = false;
        while (m.find()) {
            int number = order.indexOf(m.group(1)) + 1;
            if (number == 0) {
                continue;
            }
            if (m.start() > from) {
                t.insertBefore(new Text(s.substring(from, m.start())));
            }
            t.insertBefore(new NoteRef(m.group(1), number));
            from = m.end();
            any = true;
        }
        if (any) {
            if (from < s.length()) {
                t.setLiteral(s.substring(from));
            } else {
                t.unlink();
            }
        }
    }

    /** An id safe in an attribute and a fragment: the note's label with anything else than word characters as -. */
    static String anchor(String label) {
        return label.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static final class Renderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        Renderer(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(TaskMarker.class, NoteRef.class, Notes.class, Note.class);
        }

        @Override
        public void render(Node node) {
            switch (node) {
                case TaskMarker box -> {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    attrs.put("type", "checkbox");
                    attrs.put("class", "task-list-item-checkbox");
                    attrs.put("disabled", "");
                    if (box.checked) {
                        attrs.put("checked", "");
                    }
                    html.tag("input", attrs, true);
                    html.text(" ");
                }
                case NoteRef ref -> {
                    String id = anchor(ref.id);
                    html.tag("sup", Map.of("class", "footnote-ref"));
                    html.tag("a", attributes("href", "#fn-" + id, "id", "fnref-" + id));
                    html.text(String.valueOf(ref.number));
                    html.tag("/a");
                    html.tag("/sup");
                }
                case Notes notes -> {
                    html.line();
                    html.tag("section", Map.of("class", "footnotes"));
                    html.tag("ol");
                    renderChildren(notes);
                    html.tag("/ol");
                    html.tag("/section");
                    html.line();
                }
                case Note note -> {
                    String id = anchor(note.id);
                    html.tag(
                            "li",
                            note.number == 0
                                    ? Map.of("id", "fn-" + id)
                                    : attributes("id", "fn-" + id, "value", String.valueOf(note.number)));
                    renderChildren(note);
                    html.text(" ");
                    html.tag("a", attributes("href", "#fnref-" + id, "class", "footnote-backref"));
                    html.text("↩");
                    html.tag("/a");
                    html.tag("/li");
                    html.line();
                }
                default -> throw new IllegalArgumentException("not a GFM extra: " + node);
            }
        }

        /** Attributes in the order given, so the HTML is the same every time. */
        private static Map<String, String> attributes(String... keysAndValues) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                out.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return out;
        }

        private void renderChildren(Node parent) {
            for (Node n = parent.getFirstChild(); n != null; ) {
                Node next = n.getNext();
                context.render(n);
                n = next;
            }
        }
    }
}
