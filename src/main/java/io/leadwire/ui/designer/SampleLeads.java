package io.leadwire.ui.designer;

import io.leadwire.intake.PayloadParser;
import io.leadwire.lead.Lead;
import io.leadwire.mapping.EdgeCaseLeads;
import io.leadwire.store.LeadRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The leads the designer offers to preview with: the shared fixture leads (bundled, read exactly
 * as the intake reads a vendor's body), the newest stored leads, and generated edge cases of the
 * first fixture ({@link EdgeCaseLeads}: optionals missing, maximum lengths, special characters,
 * boundary values). Call off the FX thread.
 */
public final class SampleLeads {
    static final int RECENT = 15;
    /** The group of generated variants. */
    static final String EDGE_CASE = "Edge case";
    private static final List<String> FIXTURES = List.of("insurance-us.json", "forex-uk.json");

    private final LeadRepository leads;
    private final Clock clock;

    public SampleLeads(LeadRepository leads, Clock clock) {
        this.leads = leads;
        this.clock = clock;
    }

    /** The fixture leads first (they always exist), then the newest stored leads, then edge cases. */
    public List<SampleLead> load() {
        List<SampleLead> fixtures = fixtures();
        List<SampleLead> out = new ArrayList<>(fixtures);
        for (Lead lead : leads.page(LeadRepository.LeadQuery.ALL, 0, RECENT)) {
            String name = lead.displayName().isEmpty() ? "(no name)" : lead.displayName();
            out.add(new SampleLead(lead.vendorLeadId() + " — " + name, "Recent", lead.fields()));
        }
        for (EdgeCaseLeads.EdgeCaseLead edge : EdgeCaseLeads.of(fixtures.get(0).fields(), LocalDate.now(clock))) {
            out.add(new SampleLead(edge.description(), EDGE_CASE, edge.fields()));
        }
        return out;
    }

    /** The bundled fixture leads. */
    public static List<SampleLead> fixtures() {
        PayloadParser parser = new PayloadParser();
        List<SampleLead> out = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = SampleLeads.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing bundled sample lead " + name);
                }
                PayloadParser.Parsed parsed = parser.parse("application/json", in.readAllBytes());
                out.add(new SampleLead(parsed.vendorLeadId() + " (" + name.replace(".json", "") + ")", "Fixture",
                        parsed.fields()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read sample lead " + name, e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // The intake's own refusal type is not public; any refusal means the bundled file is broken.
                throw new IllegalStateException("bundled sample lead " + name + " is not a valid lead", e);
            }
        }
        return out;
    }
}
