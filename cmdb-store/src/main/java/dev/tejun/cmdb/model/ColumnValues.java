package dev.tejun.cmdb.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable, ordered map behind {@link Row#values()}: two parallel arrays instead of a LinkedHashMap's entry
 * objects. A whole-sheet read holds 100,000 rows of 20 values; as LinkedHashMaps they were most of the memory
 * the garbage collector had to copy, and an as-of read spent a third of its time in GC. Lookups scan the keys,
 * which for a sheet's few dozen columns is as fast as hashing. Equal to any {@link Map} with the same entries.
 */
final class ColumnValues extends AbstractMap<String, Object> {

    private final String[] keys;
    private final Object[] values;

    private ColumnValues(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    static ColumnValues copyOf(Map<String, ?> map) {
        if (map instanceof ColumnValues frozen) {
            return frozen;
        }
        String[] keys = new String[map.size()];
        Object[] values = new Object[keys.length];
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return new ColumnValues(keys, values);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
