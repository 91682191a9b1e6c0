package io.leadwire.ui.designer;

import io.leadwire.mapping.MappingDiff;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A buyer's published versions and the side-by-side diff of two of them (or of one and the
 * working draft): the payloads each renders for the designer's sample lead, line by line, plus
 * the rule-by-rule changes between the documents.
 */
public final class HistoryViewModel {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MappingRepository repository;
    private final UiExecutor executor;
    private final Clock clock;
    private final DesignerViewModel designer;
    private final DesignerAnalysis analysis;

    private final ObservableList<MappingVersionRow> versions = FXCollections.observableArrayList();
    private final ObservableList<MappingVersionRow> selected = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<MappingVersionRow> rollbackCandidate = new ReadOnlyObjectWrapper<>(this,
            "rollbackCandidate");
    private final ObservableList<LineDiff.Row> diffRows = FXCollections.observableArrayList();
    private final ObservableList<String> ruleChanges = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper leftTitle = new ReadOnlyStringWrapper(this, "leftTitle", "");
    private final ReadOnlyStringWrapper rightTitle = new ReadOnlyStringWrapper(this, "rightTitle", "");
    private final ReadOnlyStringWrapper diffSummary = new ReadOnlyStringWrapper(this, "diffSummary",
            "Select a version to compare it with the draft, or two versions to compare them.");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");

    private String buyer;
    private int diffs;

    HistoryViewModel(MappingRepository repository, UiExecutor executor, Clock clock, DesignerViewModel designer) {
        this.repository = repository;
        this.executor = executor;
        this.clock = clock;
        this.designer = designer;
        this.analysis = new DesignerAnalysis(clock);
    }

    void buyerChanged(String newBuyer) {
        buyer = newBuyer;
        versions.clear();
        select(List.of());
        reload();
    }

    void sampleChanged() {
        if (!selected.isEmpty()) {
            compare();
        }
    }

    /** Re-reads the buyer's versions, keeping the selection where the versions still exist. */
    public void reload() {
        String forBuyer = buyer;
        if (forBuyer == null) {
            return;
        }
        executor.submit(() -> repository.history(forBuyer), rows -> {
            if (!forBuyer.equals(buyer)) {
                return;
            }
            List<Integer> keep = selected.stream().map(MappingVersionRow::version).toList();
            versions.setAll(rows);
            select(rows.stream().filter(r -> keep.contains(r.version())).toList());
        }, e -> errorMessage.set(UserMessages.describe("read the version history", e)));
    }

    /**
     * Selects versions in the list: one compares it with the working draft, two compare them
     * (older on the left); more than two keeps the first two.
     */
    public void select(List<MappingVersionRow> rows) {
        List<MappingVersionRow> chosen = new ArrayList<>(rows.subList(0, Math.min(2, rows.size())));
        chosen.sort(Comparator.comparingInt(MappingVersionRow::version));
        selected.setAll(chosen);
        rollbackCandidate.set(chosen.size() == 1 ? chosen.get(0) : null);
        compare();
    }

    private void compare() {
        int run = ++diffs;
        if (selected.isEmpty()) {
            diffRows.clear();
            ruleChanges.clear();
            leftTitle.set("");
            rightTitle.set("");
            diffSummary.set("Select a version to compare it with the draft, or two versions to compare them.");
            return;
        }
        MappingVersionRow left = selected.get(0);
        String leftJson = left.documentJson();
        String rightJson;
        String rightName;
        if (selected.size() == 2) {
            rightJson = selected.get(1).documentJson();
            rightName = title(selected.get(1));
        } else {
            rightJson = designer.currentJson();
            rightName = "Working draft";
        }
        if (rightJson == null) {
            return;
        }
        Map<String, String> fields = designer.sampleFields();
        leftTitle.set(title(left));
        rightTitle.set(rightName);
        executor.submit(() -> diff(leftJson, rightJson, fields), result -> {
            if (run != diffs) {
                return;
            }
            diffRows.setAll(result.rows());
            ruleChanges.setAll(result.ruleChanges());
            long changed = result.rows().stream().filter(r -> r.kind() != LineDiff.Kind.SAME).count();
            diffSummary.set(changed == 0 ? "The payloads are identical for this lead."
                    : changed + (changed == 1 ? " line differs" : " lines differ") + " for this lead; "
                    + result.ruleChanges().size() + (result.ruleChanges().size() == 1 ? " rule change." :
                    " rule changes."));
            errorMessage.set("");
        }, e -> errorMessage.set(UserMessages.describe("compare the versions", e)));
    }

    private record Diff(List<LineDiff.Row> rows, List<String> ruleChanges) {
    }

    private Diff diff(String leftJson, String rightJson, Map<String, String> fields) {
        DesignerAnalysis.Result left = analysis.analyze(leftJson, fields, null);
        DesignerAnalysis.Result right = analysis.analyze(rightJson, fields, null);
        List<LineDiff.Row> rows = LineDiff.diff(PayloadText.lines(left.format(), left.body()),
                PayloadText.lines(right.format(), right.body()));
        List<String> changes;
        try {
            changes = MappingDiff.between(leftJson, rightJson).lines();
        } catch (MappingParseException e) {
            changes = List.of("cannot compare the rules: " + e.getMessage());
        }
        return new Diff(rows, changes);
    }

    /** "v3 · 2026-11-25 07:10 · ann" */
    String title(MappingVersionRow row) {
        return "v" + row.version() + " · " + when(row) + (row.publishedBy().isEmpty() ? "" : " · " + row.publishedBy());
    }

    /** When a version was published, in the console's time zone. */
    public String when(MappingVersionRow row) {
        ZoneId zone = clock.getZone();
        return WHEN.format(row.publishedAt().atZone(zone));
    }

    public ObservableList<MappingVersionRow> versions() {
        return versions;
    }

    public ObservableList<MappingVersionRow> selected() {
        return selected;
    }

    /** The one selected version, which Roll back would restore; {@code null} unless exactly one is selected. */
    public ReadOnlyObjectProperty<MappingVersionRow> rollbackCandidateProperty() {
        return rollbackCandidate.getReadOnlyProperty();
    }

    public MappingVersionRow getRollbackCandidate() {
        return rollbackCandidate.get();
    }

    public ObservableList<LineDiff.Row> diffRows() {
        return diffRows;
    }

    public ObservableList<String> ruleChanges() {
        return ruleChanges;
    }

    public ReadOnlyStringProperty leftTitleProperty() {
        return leftTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rightTitleProperty() {
        return rightTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty diffSummaryProperty() {
        return diffSummary.getReadOnlyProperty();
    }

    public String getDiffSummary() {
        return diffSummary.get();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }
}
