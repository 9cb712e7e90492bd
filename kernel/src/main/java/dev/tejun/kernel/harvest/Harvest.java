package dev.tejun.kernel.harvest;

import java.util.List;

/**
 * What a harvest of the runbooks folder found.
 *
 * @param files  every file with variables, in path order
 * @param unused CMDB variables ({@code variable ← sheet.column}) that no harvested file uses
 */
public record Harvest(List<HarvestedFile> files, List<String> unused) {

    public Harvest {
        files = List.copyOf(files);
        unused = List.copyOf(unused);
    }

    /** Whether every variable of every file is defined somewhere. */
    @com.fasterxml.jackson.annotation.JsonProperty
    public boolean ok() {
        return files.stream().allMatch(f -> f.undefined().isEmpty());
    }
}
