-- The operator dashboard's recent allocations: newest first without a scan of the pool.
CREATE INDEX allocation_allocated_at ON allocation (allocated_at);
