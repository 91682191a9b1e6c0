package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.store.MappingVersionRow;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.QueuedUiExecutor;
import io.leadwire.ui.designer.DesignerAnalysis.Problem;
import io.leadwire.ui.designer.DesignerAnalysis.TargetInfo;
import io.leadwire.ui.designer.DesignerAnalysis.TargetNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesignerViewModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private InMemoryConsole console;
    private DesignerViewModel designer;

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(CLOCK, dir.resolve("console.properties"));
        console.mappings.saveDraft("Buyer ABC", DesignerFixtures.buyerAbc(), CLOCK.instant());
        designer = new DesignerViewModel(console.services, new CurrentThreadUiExecutor(), "ann");
        designer.start();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    @Test
    void shouldOfferFixtureRecentAndEdgeCaseLeadsWhenStarted() {
        assertThat(designer.samples()).extracting(SampleLead::group).contains("Fixture", "Edge case");
        SampleLead edge = designer.samples().stream().filter(s -> s.group().equals("Edge case")).findFirst()
                .orElseThrow();

        designer.selectedSampleProperty().set(edge);

        assertThat(designer.getPreviewText()).isNotEmpty();
        assertThat(designer.sourceFields()).isNotEmpty();
        SampleLead longest = designer.samples().stream().filter(s -> s.label().startsWith("free text exactly as long"))
                .findFirst().orElseThrow();
        assertThat(longest.fields().get("first_name")).as("sized by buyer ABC's spec (FName maxLength 50)")
                .hasSize(50);
        designer.selectedSampleProperty().set(longest);
        assertThat(designer.problems()).noneMatch(p -> p.field().equals("FName"));
    }

    @Test
    void shouldOpenFirstBuyerWithFixtureLeadWhenStarted() {
        assertThat(designer.getSelectedBuyer()).isEqualTo("Buyer ABC");
        assertThat(designer.selectedSampleProperty().get().fields()).containsEntry("first_name", "María-José");
        assertThat(designer.getPreviewText()).contains("PhoneNumber=5125550147&").contains("Homeowner=Yes");
        assertThat(designer.sourceFields()).extracting(SourceFieldRow::name).startsWith("lead_id", "first_name");
        assertThat(designer.sourceFields()).filteredOn(r -> r.name().equals("phone_primary"))
                .singleElement().satisfies(r -> assertThat(r.usedBy()).containsExactly("PhoneNumber"));
    }

    @Test
    void shouldCreateRuleWhenSourceIsMappedOntoUnmappedTarget() {
        designer.selectedTargetProperty().set("ST");
        designer.removeSelectedRule();
        assertThat(designer.getPreviewText()).doesNotContain("ST=");
        assertThat(leaf("ST").mapped()).isFalse();

        designer.mapSource("state", "ST");

        assertThat(designer.getPreviewText()).contains("ST=TX");
        assertThat(leaf("ST").mapped()).isTrue();
        assertThat(leaf("ST").source()).isEqualTo("state");
        assertThat(designer.getSelectedTarget()).isEqualTo("ST");
        assertThat(designer.requiredProperty().get()).as("required because the spec says so").isTrue();
        assertThat(designer.isDirty()).isTrue();
    }

    @Test
    void shouldMapSelectedSourceOntoSelectedTargetWhenKeyboardIsUsed() {
        designer.selectedTargetProperty().set("LName");
        designer.selectedSourceProperty().set("email");

        designer.mapSelected();

        assertThat(designer.sourceTextProperty().get()).isEqualTo("email");
        assertThat(designer.getPreviewText()).contains("LName=mj.oneil%40example.org");
    }

    @Test
    void shouldListProblemNamingFieldWhenRequiredTargetIsUnmapped() {
        designer.selectedTargetProperty().set("ST");

        designer.removeSelectedRule();

        assertThat(designer.problems()).contains(new Problem("ST", "is required by the buyer but not mapped",
                DesignerAnalysis.Severity.ERROR));
        assertThat(leaf("ST").unmappedRequired()).isTrue();
        Problem problem = designer.problems().stream().filter(p -> p.field().equals("ST")).findFirst().orElseThrow();
        designer.selectedTargetProperty().set(null);
        designer.selectProblem(problem);
        assertThat(designer.getSelectedTarget()).isEqualTo("ST");
    }

    @Test
    void shouldChangeStepValuesAndPreviewWhenTransformStepIsEdited() {
        designer.selectedTargetProperty().set("PhoneNumber");
        assertThat(designer.getSourceValue()).isEqualTo("\"(512) 555-0147\"");
        assertThat(designer.steps()).singleElement().satisfies(s -> {
            assertThat(s.op()).isEqualTo("phone");
            assertThat(s.getValue()).isEqualTo("\"5125550147\"");
        });

        designer.setStepArg(0, "format", "e164");

        assertThat(designer.steps().get(0).getValue()).isEqualTo("\"+15125550147\"");
        assertThat(designer.getFinalValue()).isEqualTo("\"+15125550147\"");
        assertThat(designer.getPreviewText()).contains("PhoneNumber=%2B15125550147");
        assertThat(designer.problems()).extracting(Problem::field).contains("PhoneNumber");
    }

    @Test
    void shouldShowEachStepsValueWhenStepsAreAddedReorderedAndRemoved() {
        designer.selectedTargetProperty().set("FName");
        designer.addStep("upper");
        designer.addStep("truncate");
        assertThat(designer.steps()).extracting(StepRow::op).containsExactly("upper", "truncate");
        assertThat(designer.steps().get(0).getValue()).isEqualTo("\"MARÍA-JOSÉ\"");
        assertThat(designer.steps().get(1).getProblem()).isEqualTo("argument 'max' is required");
        assertThat(designer.problems()).extracting(Problem::field).contains("FName");

        designer.setStepArg(1, "max", "5");
        assertThat(designer.steps().get(1).getValue()).isEqualTo("\"MARÍA\"");
        assertThat(designer.steps().get(1).getProblem()).isEqualTo("truncated to 5 characters");

        designer.moveStep(1, -1);
        assertThat(designer.steps()).extracting(StepRow::op).containsExactly("truncate", "upper");
        designer.setStepOp(1, "lower");
        assertThat(designer.steps().get(1).getValue()).isEqualTo("\"maría\"");
        designer.removeStep(0);
        assertThat(designer.getPreviewText()).contains("FName=mar%C3%ADa-jos%C3%A9");
    }

    @Test
    void shouldMarkUnknownEnumValueWhenTranslationLeavesItOutsideSpec() {
        designer.selectedTargetProperty().set("Homeowner");
        designer.setStepArg(0, "table", "1=Y, 0=N");

        assertThat(leaf("Homeowner").unknownEnum()).isTrue();
        assertThat(designer.problems()).filteredOn(p -> p.field().equals("Homeowner"))
                .extracting(Problem::message).anyMatch(m -> m.contains("not one of [Yes, No]"));
    }

    @Test
    void shouldShowRequestWithSecretsMaskedWhenMappingHasEndpoint() {
        assertThat(designer.getRequestText())
                .startsWith("POST https://leads.buyer-abc.example/v2/post?api_key=•••• HTTP/1.1")
                .contains("Content-Type: application/x-www-form-urlencoded")
                .contains("Authorization: Bearer ••••")
                .contains("Content-Length: ")
                .doesNotContain("secret:");
    }

    @Test
    void shouldAnalyseOnlyLatestDraftWhenEditsArriveWhileOneIsInFlight() {
        QueuedUiExecutor queue = new QueuedUiExecutor();
        DesignerViewModel slow = new DesignerViewModel(console.services, queue, "ann");
        slow.start();
        queue.runAll();
        slow.selectedTargetProperty().set("FName");
        queue.runAll();

        slow.sourceTextProperty().set("l");
        slow.sourceTextProperty().set("la");
        slow.sourceTextProperty().set("last_name");
        assertThat(queue.pending()).as("one analysis in flight, the later edits wait").isEqualTo(1);
        queue.runNext();
        assertThat(queue.pending()).as("the stale result is dropped and the latest draft analysed").isEqualTo(1);
        assertThat(slow.getPreviewText()).doesNotContain("FName=O%27Neil");
        queue.runNext();

        assertThat(queue.pending()).isZero();
        assertThat(slow.getPreviewText()).contains("FName=O%27Neil");
        assertThat(slow.getLastRefreshMillis()).isPositive();
    }

    @Test
    void shouldKeepPublishedVersionsAndRollBackWhenOperatorPublishesTwice() {
        List<String> errors = new ArrayList<>();
        designer.publish("first version", errors::add);
        designer.selectedTargetProperty().set("PhoneNumber");
        designer.setStepArg(0, "format", "e164");
        designer.publish("phone in E.164", errors::add);

        assertThat(errors).isEmpty();
        List<MappingVersionRow> history = designer.history().versions();
        assertThat(history).extracting(MappingVersionRow::version).containsExactly(2, 1);
        assertThat(history).extracting(MappingVersionRow::publishedBy).containsOnly("ann");
        assertThat(history.get(0).note()).isEqualTo("phone in E.164");
        assertThat(designer.isDirty()).isFalse();

        designer.history().select(List.copyOf(history));
        assertThat(designer.history().diffRows()).anySatisfy(row -> {
            assertThat(row.kind()).isEqualTo(LineDiff.Kind.CHANGED);
            assertThat(row.left()).isEqualTo("PhoneNumber=5125550147&");
            assertThat(row.right()).isEqualTo("PhoneNumber=%2B15125550147&");
        });
        assertThat(designer.history().ruleChanges()).anyMatch(l -> l.startsWith("~ PhoneNumber"));

        designer.rollback(1, errors::add);

        assertThat(errors).isEmpty();
        assertThat(console.mappings.history("Buyer ABC")).extracting(MappingVersionRow::version, MappingVersionRow::note)
                .startsWith(org.assertj.core.groups.Tuple.tuple(3, "rollback to v1"));
        assertThat(designer.getPreviewText()).contains("PhoneNumber=5125550147&");
        assertThat(designer.history().versions()).hasSize(3);
    }

    @Test
    void shouldRefusePublishNamingRuleWhenMappingDoesNotCompile() {
        designer.selectedTargetProperty().set("FName");
        designer.addStep("truncate");
        List<String> errors = new ArrayList<>();

        designer.publish("broken", errors::add);

        assertThat(errors).singleElement().asString().contains("FName").contains("argument 'max' is required");
        assertThat(console.mappings.history("Buyer ABC")).isEmpty();
    }

    @Test
    void shouldSaveDraftAndReopenItWhenBuyerIsSwitched() {
        designer.addBuyer("Nested Co", e -> { throw new AssertionError(e); });
        assertThat(designer.getSelectedBuyer()).isEqualTo("Nested Co");
        designer.addTarget("applicant.name.first", e -> { throw new AssertionError(e); });
        designer.mapSource("first_name", "applicant.name.first");
        assertThat(designer.getPreviewText()).contains("\"first\": \"María-José\"");

        designer.selectedBuyerProperty().set("Buyer ABC");
        designer.selectedBuyerProperty().set("Nested Co");

        assertThat(console.mappings.draft("Nested Co")).get().asString().contains("first_name");
        assertThat(designer.getPreviewText()).contains("\"applicant\": {");
        assertThat(designer.getTargetTree()).extracting(TargetNode::label).containsExactly("applicant");
    }

    @Test
    void shouldPreviewTemplateBuyerAndRefuseDroppedFieldWhenMappingIsATemplate() throws Exception {
        console.mappings.saveDraft("Template buyer",
                java.nio.file.Files.readString(Path.of("docs/examples/template-buyer.mapping.json")), CLOCK.instant());
        designer.reloadBuyers();
        designer.selectedBuyerProperty().set("Template buyer");

        assertThat(designer.getPreviewText()).contains("\"ref\": \"INS-77-000981\"");
        assertThat(designer.getRequestText()).contains("Authorization: Bearer ••••");

        designer.mapSource("email", "applicant.email");

        assertThat(designer.getErrorMessage()).contains("template");
        assertThat(designer.isDirty()).isFalse();
    }

    private TargetInfo leaf(String path) {
        return find(designer.getTargetTree(), path);
    }

    private static TargetInfo find(List<TargetNode> nodes, String path) {
        for (TargetNode node : nodes) {
            if (node.leaf() && node.path().equals(path)) {
                return node.info();
            }
            TargetInfo inChild = find(node.children(), path);
            if (inChild != null) {
                return inChild;
            }
        }
        return null;
    }
}
