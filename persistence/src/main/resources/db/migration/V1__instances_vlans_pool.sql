-- Instances, as far as AllocatePublicIpAddress looks at them.
CREATE TABLE instance (
    instance_id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
    region_id                   VARCHAR(64)  NOT NULL,
    zone_id                     VARCHAR(64),
    status                      VARCHAR(16)  NOT NULL,
    network_type                VARCHAR(16)  NOT NULL,
    eip_address                 VARCHAR(15),
    internet_max_bandwidth_out  INTEGER      NOT NULL,
    charge_type                 VARCHAR(16)  NOT NULL,
    expired_time                TIMESTAMP WITH TIME ZONE,
    in_arrears                  BOOLEAN      NOT NULL,
    operation_locks             VARCHAR(255) NOT NULL,
    CONSTRAINT instance_status_known CHECK (status IN ('Pending', 'Running', 'Starting', 'Stopping', 'Stopped')),
    CONSTRAINT instance_network_type_known CHECK (network_type IN ('classic', 'vpc')),
    CONSTRAINT instance_charge_type_known CHECK (charge_type IN ('PrePaid', 'PostPaid'))
);
CREATE INDEX instance_by_region ON instance (region_id);

-- A VLAN of one region; its public addresses come from one or more CIDR ranges.
CREATE TABLE vlan (
    vlan_id          INTEGER     NOT NULL PRIMARY KEY,
    region_id        VARCHAR(64) NOT NULL,
    total_addresses  BIGINT      NOT NULL,
    CONSTRAINT vlan_id_in_range CHECK (vlan_id BETWEEN 1 AND 4094)
);
CREATE INDEX vlan_by_region ON vlan (region_id);

-- The usable part of each range (network and broadcast left out from /30 up).
CREATE TABLE vlan_range (
    vlan_id        INTEGER     NOT NULL REFERENCES vlan (vlan_id),
    cidr           VARCHAR(18) NOT NULL,
    first_address  BIGINT      NOT NULL,
    last_address   BIGINT      NOT NULL,
    PRIMARY KEY (vlan_id, first_address),
    CONSTRAINT vlan_range_ordered CHECK (first_address <= last_address)
);

-- The pool, in blocks of up to 256 consecutive usable addresses: a /12 is 4,096 rows, written
-- in a moment, where one row per address would be a million. A block's row is also the lock
-- that orders the allocations and releases of its addresses; has_free (free_count > 0) lets an
-- index seek go straight to a block with room, however full the pool is.
CREATE TABLE address_block (
    first_address  BIGINT      NOT NULL PRIMARY KEY,
    last_address   BIGINT      NOT NULL,
    vlan_id        INTEGER     NOT NULL REFERENCES vlan (vlan_id),
    region_id      VARCHAR(64) NOT NULL,
    free_count     INTEGER     NOT NULL,
    has_free       BOOLEAN     NOT NULL,
    CONSTRAINT address_block_size CHECK (last_address >= first_address AND last_address - first_address < 256),
    CONSTRAINT address_block_free_count CHECK (free_count >= 0 AND free_count <= last_address - first_address + 1),
    CONSTRAINT address_block_has_free CHECK (has_free = (free_count > 0))
);
CREATE INDEX address_block_free_in_vlan ON address_block (vlan_id, has_free, first_address);
CREATE INDEX address_block_free_in_region ON address_block (region_id, has_free, first_address);

-- Who holds which address. The primary key makes an address held at most once, the unique key
-- on instance_id makes an instance hold at most one: the database, not the code, guarantees both.
CREATE TABLE allocation (
    address        BIGINT      NOT NULL PRIMARY KEY,
    block_address  BIGINT      NOT NULL REFERENCES address_block (first_address),
    vlan_id        INTEGER     NOT NULL REFERENCES vlan (vlan_id),
    region_id      VARCHAR(64) NOT NULL,
    instance_id    VARCHAR(64) NOT NULL REFERENCES instance (instance_id),
    allocated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- a new address takes effect when its instance is next started or rebooted
    in_effect      BOOLEAN     NOT NULL,
    CONSTRAINT allocation_one_per_instance UNIQUE (instance_id)
);
CREATE INDEX allocation_by_vlan ON allocation (vlan_id, address);
CREATE INDEX allocation_by_region ON allocation (region_id, address);

-- How many addresses of each VLAN are held, without counting them: 16 stripes that allocations
-- and releases update at random, so that concurrent ones rarely meet on a row.
-- allocated = SUM(allocated) over the stripes.
CREATE TABLE vlan_usage (
    vlan_id    INTEGER  NOT NULL REFERENCES vlan (vlan_id),
    stripe     SMALLINT NOT NULL,
    allocated  BIGINT   NOT NULL,
    PRIMARY KEY (vlan_id, stripe),
    CONSTRAINT vlan_usage_stripe_range CHECK (stripe BETWEEN 0 AND 15)
);

-- What the NAT gateway has bound. It stands for a system outside this database, so nothing
-- ties a binding to its allocation here: the allocating transaction writes both or neither.
CREATE TABLE gateway_binding (
    address      BIGINT      NOT NULL PRIMARY KEY,
    instance_id  VARCHAR(64) NOT NULL REFERENCES instance (instance_id),
    bound_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gateway_binding_one_per_instance UNIQUE (instance_id)
);
