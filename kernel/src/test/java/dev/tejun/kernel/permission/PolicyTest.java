package dev.tejun.kernel.permission;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @Test
    void holds_anyRoleGrantsViewer_adminGrantsEverything_othersOnlyThemselves() {
        assertTrue(Policy.holds(Set.of("operator"), "viewer"));
        assertFalse(Policy.holds(Set.of(), "viewer"));
        assertTrue(Policy.holds(Set.of("admin"), "dba"), "admin holds roles Tejun does not know");
        assertFalse(Policy.holds(Set.of("editor"), "operator"));
        assertTrue(Policy.holds(Set.of("operator"), " Operator "));
    }

    @Test
    void runRefusal_requiresListsTwoRolesHoldingOne_refused() {
        assertNotNull(Policy.runRefusal(Set.of("operator"), "x.md", List.of("operator", "admin")));
        assertNull(Policy.runRefusal(Set.of("operator", "approver"), "x.md", List.of("operator", "approver")));
        assertNotNull(Policy.runRefusal(Set.of("editor"), "x.md", List.of()), "running needs operator");
    }

    @Test
    void approveRefusal_pauseNamesViewer_operatorApproverAdmitted() {
        assertNull(Policy.approveRefusal(Set.of("operator", "approver"), "viewer"));
        assertNotNull(Policy.approveRefusal(Set.of("operator"), "operator"), "deciding needs approver");
        assertNotNull(Policy.approveRefusal(Set.of("approver"), "operator"));
    }

    @Test
    void fourEyesRefusal_starterApproves_refusedOnlyWhenAsked() {
        assertNotNull(Policy.fourEyesRefusal(true, "alice", "alice"));
        assertNull(Policy.fourEyesRefusal(true, "alice", "bob"));
        assertNull(Policy.fourEyesRefusal(false, "alice", "alice"));
    }
}
