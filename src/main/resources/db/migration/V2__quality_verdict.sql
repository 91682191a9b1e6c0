-- The quality stage's verdict on each lead: score, tier, and the findings and score
-- breakdown as JSON (shown on the console; kept for disputes). Null until judged.
ALTER TABLE lead ADD COLUMN score INTEGER;
ALTER TABLE lead ADD COLUMN tier VARCHAR(20);
ALTER TABLE lead ADD COLUMN verdict_json VARCHAR(100000);
ALTER TABLE lead ADD COLUMN decided_at TIMESTAMP WITH TIME ZONE;
