-- One index entry less for every allocation to write. The listing of a region's allocations
-- walks the primary key (address order, as the listing pages) and keeps the region's rows: a
-- region's addresses lie in its own VLANs' ranges, so a page reads past other regions' rows at
-- most where the ranges interleave.
DROP INDEX allocation_by_region;
