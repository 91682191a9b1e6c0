package io.leadwire.intake;

import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeRefusal;
import io.leadwire.lead.IntakeRefusedEvent;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.LeadIds;
import io.leadwire.lead.LeadReceivedEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.Duplicate;
import io.leadwire.store.LeadRepository.InsertResult;
import io.leadwire.store.LeadRepository.Inserted;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.VendorRepository;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable half of the intake, independent of HTTP: authenticates vendors, stores leads with
 * group commit and records refusals. A lead is acknowledged only when its commit has returned.
 */
public final class IntakeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

    private final VendorRepository vendors;
    private final LeadRepository leads;
    private final LeadIds ids;
    private final Clock clock;
    private final EventBus events;
    private final GroupCommit<Lead, InsertResult> leadWriter;
    private final GroupCommit<IntakeRefusal, Boolean> refusalWriter;
    private final VendorDialects dialects;

    public IntakeService(VendorRepository vendors, LeadRepository leads, RefusalRepository refusals, LeadIds ids,
                         Clock clock, EventBus events) {
        this(vendors, leads, refusals, ids, clock, events, null);
    }

    /**
     * @param dialects the vendors' dialects, applied to their leads before they are stored; null
     *                 when every vendor sends canonical field names
     */
    public IntakeService(VendorRepository vendors, LeadRepository leads, RefusalRepository refusals, LeadIds ids,
                         Clock clock, EventBus events, VendorDialects dialects) {
        this.dialects = dialects;
        this.vendors = vendors;
        this.leads = leads;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        // Benchmarking knob: -Dleadwire.intake.maxBatch=1 turns group commit off (one commit per
        // lead) so bench/ can measure what group commit buys; not meant to be tuned in production.
        this.leadWriter = new GroupCommit<>("lead-writer", this::writeLeads,
                Integer.getInteger("leadwire.intake.maxBatch", 512), 20_000);
        this.refusalWriter = new GroupCommit<>("refusal-writer", batch -> {
            refusals.insertAll(batch);
            return batch.stream().map(r -> Boolean.TRUE).toList();
        }, 512, 20_000);
    }

    /** The outcome of a stored submission: a new lead, or the original of a duplicate. */
    public record Stored(String id, String vendorLeadId, boolean duplicate) {
    }

    /** The vendor holding this active key, if any. */
    public Optional<Vendor> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 200) {
            return Optional.empty();
        }
        return vendors.findByActiveKeyHash(ApiKeys.hash(apiKey.strip()));
    }

    /** True when the vendor has no allowlist or the address is inside it. */
    public static boolean allowed(Vendor vendor, InetAddress address) {
        if (vendor.allowedCidrs().isEmpty()) {
            return true;
        }
        for (String c : vendor.allowedCidrs()) {
            if (Cidr.parse(c).contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The vendor's dialect for {@link PayloadParser#parse(String, byte[], VendorDialect)}, or null for none. */
    public VendorDialect dialectFor(Vendor vendor) {
        return dialects == null ? null : dialects.forVendor(vendor.id()).orElse(null);
    }

    /** Queues a parsed lead for the next group commit. */
    public CompletableFuture<Stored> store(Vendor vendor, PayloadParser.Parsed parsed, String remoteIp) {
        Lead lead = new Lead(0, ids.next(), vendor.id(), parsed.vendorLeadId(), clock.instant(), LeadStatus.RECEIVED,
                parsed.mediaType(), parsed.raw(), parsed.fields(), remoteIp);
        return leadWriter.submit(lead).thenApply(r -> r instanceof Duplicate d
                ? new Stored(d.originalId(), parsed.vendorLeadId(), true)
                : new Stored(((Inserted) r).lead().id(), parsed.vendorLeadId(), false));
    }

    /** Records a refusal (asynchronously, batched) and announces it. */
    public void recordRefusal(Vendor vendor, String remoteIp, Problem p) {
        IntakeRefusal r = new IntakeRefusal(clock.instant(), vendor == null ? null : vendor.id(), remoteIp,
                p.status(), p.reason(), p.field(), p.detail());
        refusalWriter.submit(r).whenComplete((ok, err) -> {
            if (err != null) {
                LOG.warn("could not record refusal {}: {}", p.reason(), err.toString());
            }
        });
        events.publish(new IntakeRefusedEvent(r));
    }

    /** A vendor's own lead with its timeline; empty for unknown ids and other vendors' leads. */
    public Optional<LeadWithTimeline> find(Vendor vendor, String id) {
        return leads.findById(id)
                .filter(l -> l.vendorId().equals(vendor.id()))
                .map(l -> new LeadWithTimeline(l, leads.timeline(l.id())));
    }

    public record LeadWithTimeline(Lead lead, List<LeadEvent> timeline) {
    }

    /** Leads waiting for their commit. */
    public int writeBacklog() {
        return leadWriter.backlog();
    }

    private List<InsertResult> writeLeads(List<Lead> batch) {
        List<InsertResult> results = leads.insertAll(batch);
        for (InsertResult r : results) {
            if (r instanceof Inserted i) {
                events.publish(new LeadReceivedEvent(i.lead()));
            }
        }
        return results;
    }

    /** Writes everything queued, then stops the writers. */
    @Override
    public void close() {
        close(Duration.ofSeconds(60));
    }

    /** {@link #close()} within {@code wait} in all. */
    public void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        leadWriter.close(wait);
        refusalWriter.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}
