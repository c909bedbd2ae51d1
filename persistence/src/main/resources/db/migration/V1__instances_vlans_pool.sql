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
    vlan_id    INTEGER     NOT NULL PRIMARY KEY,
    region_id  VARCHAR(64) NOT NULL,
    CONSTRAINT vlan_id_in_range CHECK (vlan_id BETWEEN 1 AND 4094)
);
CREATE INDEX vlan_by_region ON vlan (region_id);

CREATE TABLE vlan_range (
    vlan_id        INTEGER     NOT NULL REFERENCES vlan (vlan_id),
    cidr           VARCHAR(18) NOT NULL,
    first_address  BIGINT      NOT NULL,
    last_address   BIGINT      NOT NULL,
    PRIMARY KEY (vlan_id, first_address),
    CONSTRAINT vlan_range_ordered CHECK (first_address <= last_address)
);

-- One row per usable address of every range: the pool. A held address names its instance.
-- The primary key makes an address exist once, so it can be held at most once; the unique
-- key on instance_id makes an instance hold at most one address. Free addresses are found
-- through the (.., instance_id, address) indexes, which a seek reads from a random start
-- without scanning.
CREATE TABLE ip_address (
    address       BIGINT      NOT NULL PRIMARY KEY,
    region_id     VARCHAR(64) NOT NULL,
    vlan_id       INTEGER     NOT NULL REFERENCES vlan (vlan_id),
    instance_id   VARCHAR(64) REFERENCES instance (instance_id),
    allocated_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ip_address_one_per_instance UNIQUE (instance_id),
    CONSTRAINT ip_address_held_since CHECK ((instance_id IS NULL AND allocated_at IS NULL)
                                         OR (instance_id IS NOT NULL AND allocated_at IS NOT NULL))
);
CREATE INDEX ip_address_free_in_vlan ON ip_address (vlan_id, instance_id, address);
CREATE INDEX ip_address_free_in_region ON ip_address (region_id, instance_id, address);

-- What the NAT gateway has bound. A binding exists only for a held address, to its holder.
CREATE TABLE gateway_binding (
    address      BIGINT      NOT NULL PRIMARY KEY REFERENCES ip_address (address),
    instance_id  VARCHAR(64) NOT NULL REFERENCES instance (instance_id),
    bound_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gateway_binding_one_per_instance UNIQUE (instance_id)
);
