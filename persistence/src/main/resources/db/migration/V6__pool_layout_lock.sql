-- One row whose lock orders the changes to the pools' layout: a new VLAN's ranges are checked
-- against every other VLAN's and written under it, so that two VLANs created at once cannot
-- both pass the overlap check with ranges that overlap each other (no constraint can say
-- "ranges do not overlap" in SQL both H2 and PostgreSQL take).
CREATE TABLE pool_layout (
    id  INTEGER NOT NULL PRIMARY KEY,
    CONSTRAINT pool_layout_one_row CHECK (id = 1)
);
INSERT INTO pool_layout (id) VALUES (1);
