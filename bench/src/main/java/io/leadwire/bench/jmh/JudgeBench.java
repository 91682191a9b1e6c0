package io.leadwire.bench.jmh;

import io.leadwire.app.DemoLeads;
import io.leadwire.intake.PayloadParser;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Judging alone": {@code LeadJudge.judge(lead)} with {@code QualityPolicy.defaults()}, no MX lookup,
 * no geo-IP (the judge the quality stage builds by default), one thread. Leads are a pool of 1,024
 * {@code DemoLeads.good(...)} bodies parsed by the intake's own {@code PayloadParser}, as stored.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JudgeBench {
    private final LeadJudge judge = new LeadJudge(QualityPolicy.defaults(), Clock.systemUTC());
    private Lead[] leads;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        DemoLeads demo = new DemoLeads(new Random(7));
        PayloadParser parser = new PayloadParser();
        leads = new Lead[1024];
        Map<LeadStatus, Integer> decisions = new EnumMap<>(LeadStatus.class);
        for (int i = 0; i < leads.length; i++) {
            String body = demo.good("judge-" + i);
            PayloadParser.Parsed p = parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
            leads[i] = new Lead(i + 1, String.format("00000000-0000-7000-8000-%012d", i), "bench-vendor",
                    p.vendorLeadId(), Instant.now(), LeadStatus.RECEIVED, "application/json", p.raw(), p.fields(),
                    "127.0.0.1");
            decisions.merge(judge.judge(leads[i]).decision().status(), 1, Integer::sum);
        }
        System.out.println("decisions for the 1,024 DemoLeads.good leads: " + decisions);
    }

    @Benchmark
    public Verdict judgeGood() {
        Lead l = leads[next];
        next = (next + 1) & 1023;
        return judge.judge(l);
    }
}
