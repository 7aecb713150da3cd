package dev.maildock.ejb.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables and columns named by the CREATE TABLE statements EclipseLink writes for the entities,
 * so that an extension of the schema can be checked against the database before it is recorded.
 */
final class CreateTables {

    private static final String CREATE_TABLE = "CREATE TABLE ";
    /** Table constraints written inside CREATE TABLE's parentheses, next to the columns. */
    private static final List<String> CONSTRAINTS = List.of("PRIMARY KEY", "CONSTRAINT", "UNIQUE", "FOREIGN KEY", "CHECK");

    private CreateTables() {
    }

    /** Table name → its column names, in upper case, in the statements' order. */
    static Map<String, List<String>> columns(String ddl) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String statement : ddl.lines().map(String::strip).toList()) {
            if (!statement.toUpperCase(Locale.ROOT).startsWith(CREATE_TABLE)) {
                continue;
            }
            int open = statement.indexOf('(');
            int close = statement.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            String table = unquote(statement.substring(CREATE_TABLE.length(), open).strip());
            List<String> columns = new ArrayList<>();
            for (String item : topLevelItems(statement.substring(open + 1, close))) {
                String upper = item.toUpperCase(Locale.ROOT);
                if (CONSTRAINTS.stream().noneMatch(upper::startsWith)) {
                    columns.add(unquote(item.split("\\s+", 2)[0]));
                }
            }
            tables.put(table, columns);
        }
        return tables;
    }

    /** The comma-separated items of a column list; commas inside parentheses (DECIMAL(15,2)) are not separators. */
    private static List<String> topLevelItems(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        items.add(list.substring(start).strip());
        return items.stream().filter(item -> !item.isEmpty()).toList();
    }

    private static String unquote(String identifier) {
        String name = identifier.length() > 1 && identifier.startsWith("\"") && identifier.endsWith("\"")
                ? identifier.substring(1, identifier.length() - 1) : identifier;
        return name.toUpperCase(Locale.ROOT);
    }
}
