package dev.tejun.kernel.evidence;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Run ids: the second a run was given its id (UTC) and twelve hex digits, {@code 20260101-120000-a1b2c3d4e5f6}, also
 * the name of its evidence folder. The first six digits are this process's, drawn once at random; the last six count
 * the runs this process has named, so no two of its runs ever share an id, however many start in one second, and
 * two processes (a cluster's servers, a CLI run beside a server) share one only if they drew the same six digits.
 * Before, the six digits after the second were all random: at several hundred runs a second two runs of one server
 * got the same id within minutes and wrote into one evidence folder. Ids of that form stay valid.
 */
public final class RunIds {

    /** Any run id, of either form: six hex digits after the second (before 2026-12) or twelve. */
    public static final Pattern PATTERN = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{6}(?:[0-9a-f]{6})?");

    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** This process's six digits. */
    private static final String PROCESS = String.format("%06x", RANDOM.nextInt(1 << 24));

    /** The count of runs named here, from a random start (24 bits, wrapping). */
    private static final AtomicInteger COUNT = new AtomicInteger(RANDOM.nextInt(1 << 24));

    private RunIds() {}

    /** A new run id for a run named {@code at}. */
    public static String next(Instant at) {
        return SECOND.format(at) + "-" + PROCESS
                + HexFormat.of().toHexDigits(COUNT.getAndIncrement()).substring(2);
    }

    /** Whether {@code id} is a run id (of either form): safe as a folder name under the evidence root. */
    public static boolean isRunId(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
