package dev.tejun.kernel.guard.windows;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The windows of the runbooks and flows of one folder: reads a target's {@link WindowRules} and the folder's
 * calendars (again on every question, so an edited calendar applies at once; questions come once per fire time or
 * run start) and decides with {@link WindowGate}. It is the schedules' {@link Scheduler.Gate} too.
 */
public final class TargetWindows implements Scheduler.Gate {

    private final RunbookFolder folder;
    private final ZoneId defaultZone;
    /**
     * Each target's rules as last read, with the text they were read from: the file is read at every question (an
     * edit applies at once), but parsed again only when its text changed — a notebook asks at every cell it runs.
     */
    private final Map<String, Read> lastRead = new ConcurrentHashMap<>();

    private record Read(String text, WindowRules rules) {}

    /** Targets whose last reading is kept; past it the memory starts over (a folder has far fewer). */
    private static final int KEEP = 1024;

    public TargetWindows(RunbookFolder folder, ZoneId defaultZone) {
        this.folder = folder;
        this.defaultZone = defaultZone;
    }

    /** The calendars of the folder, those with problems left out. */
    public CalendarFiles.Loaded calendars() {
        try {
            return CalendarFiles.load(folder.root(), defaultZone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code target}'s front matter names; none for a file that cannot be read (its run fails anyway). */
    public WindowRules rules(String target) {
        try {
            Path file = folder.resolve(target);
            if (!Files.isRegularFile(file)) {
                lastRead.remove(target);
                return WindowRules.NONE;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Read known = lastRead.get(target);
            if (known != null && known.text().equals(text)) {
                return known.rules();
            }
            WindowRules rules = WindowRules.read(target, text);
            if (lastRead.size() >= KEEP) {
                lastRead.clear();
            }
            lastRead.put(target, new Read(text, rules));
            return rules;
        } catch (IOException | RuntimeException e) {
            return WindowRules.NONE;
        }
    }

    /** May {@code target} start at {@code now}? */
    public WindowGate.Verdict decide(String target, Instant now) {
        WindowRules rules = rules(target);
        if (!rules.any()) {
            return WindowGate.decide(rules, Map.of(), now);
        }
        return WindowGate.decide(rules, calendars().calendars(), now);
    }

    /** {@code target}'s windows at {@code now}, as a preview lists them; empty when it names none. */
    public List<WouldMeet.Window> wouldMeet(String target, Instant now) {
        if (!rules(target).any()) {
            return List.of();
        }
        WindowGate.Verdict v = decide(target, now);
        return List.of(new WouldMeet.Window(target, v.open(), v.reason(), v.nextAllowed()));
    }

    @Override
    public Optional<Scheduler.Hold> hold(ScheduleDef def, Instant now) {
        WindowRules rules = rules(def.target().name());
        if (!rules.any()) {
            return Optional.empty();
        }
        WindowGate.Verdict v = WindowGate.decide(rules, calendars().calendars(), now);
        if (v.open()) {
            return Optional.empty();
        }
        // a time that never comes cannot be waited for: skipped, as the policy skip would
        Instant until = rules.policy() == WindowRules.Policy.SKIP ? null : v.nextAllowed();
        return Optional.of(new Scheduler.Hold(until, v.reason()));
    }
}
