package dev.maildock.rar.api.imap;

import java.io.Serializable;

/** An account's storage use and limit in octets (RFC 9208 STORAGE, reported in units of 1,024); 0 = no limit. */
public record QuotaUsage(long usedOctets, long limitOctets) implements Serializable {
}
