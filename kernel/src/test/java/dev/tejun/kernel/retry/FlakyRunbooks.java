package dev.tejun.kernel.retry;

import java.nio.file.Path;

/** Runbooks whose fan-out cell fails on one host until a mark file exists, for retry tests here and in the server. */
public final class FlakyRunbooks {

    private FlakyRunbooks() {}

    /**
     * An ansible play over group {@code here} (local connection) that appends each host's name to {@code log} and fails
     * on {@code h2} while {@code mark} is missing; then a sh cell {@code after}.
     */
    public static String ansible(Path log, Path mark) {
        return """
                ```ansible {#play connection=local}
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.shell: echo {{ inventory_hostname }} >> %s
                    - ansible.builtin.command: test -f %s
                      when: inventory_hostname == 'h2'
                ```

                ```sh {#after}
                echo after
                ```
                """.formatted(log, mark);
    }
}
