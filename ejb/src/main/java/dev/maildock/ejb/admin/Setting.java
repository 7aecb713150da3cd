package dev.maildock.ejb.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A server-wide value kept in the database, so every node of a cluster sees the same one. */
@Entity
@Table(name = "MD_SETTING")
public class Setting {

    @Id
    @Column(name = "NAME", length = 100)
    private String name;

    @Column(name = "SETTING_VALUE", nullable = false, length = 1024)
    private String value;

    protected Setting() {
    }

    Setting(String name, String value) {
        this.name = name;
        this.value = value;
    }

    String getValue() {
        return value;
    }

    void setValue(String value) {
        this.value = value;
    }
}
