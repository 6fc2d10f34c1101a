package playbook.engine.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.InventoryException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected texts are the output of ansible-inventory 2.14.18 on the same files. */
class InventoryPrinterTest {
    @TempDir Path tmp;

    static final String HOSTS_INI = """
            # comment
            loose1 a=1
            [web]
            web[01:03] ansible_port=2222
            pi ansible_host=10.0.0.2 ansible_port=2222 s="quoted str" t=True f=false x=1.5 l=[1,2] d={'a':1} n=None e= y=yes hx=0x1F oc=010
            [db]
            db-[a:c]
            pi
            [db:vars]
            dbv=1
            dbs='hello world'
            [servers:children]
            web
            db
            [servers:vars]
            sv=2
            [all:vars]
            av=3
            [empty]
            """;

    @Test
    void graphOfAll() {
        Inventory inv = new InvFixture(tmp).inventory("hosts.ini", HOSTS_INI);
        assertEquals("""
                @all:
                  |--@ungrouped:
                  |  |--loose1
                  |--@servers:
                  |  |--@web:
                  |  |  |--web01
                  |  |  |--web02
                  |  |  |--web03
                  |  |  |--pi
                  |  |--@db:
                  |  |  |--db-a
                  |  |  |--db-b
                  |  |  |--db-c
                  |  |  |--pi
                  |--@empty:""", InventoryPrinter.graph(inv, "all"));
    }

    @Test
    void graphOfAGroup() {
        Inventory inv = new InvFixture(tmp).inventory("inv.yml", YamlInventoryParserTest.INV_YML);
        assertEquals("""
                @web:
                  |--@nginx:
                  |  |--web01
                  |--web01
                  |--web02
                  |--web-x""", InventoryPrinter.graph(inv, "web"));
        assertThrows(InventoryException.class, () -> InventoryPrinter.graph(inv, "nope"));
    }

    @Test
    void listOfIni() {
        Inventory inv = new InvFixture(tmp).inventory("hosts.ini", HOSTS_INI);
        assertEquals("""
                {
                    "_meta": {
                        "hostvars": {
                            "db-a": {
                                "av": 3,
                                "dbs": "hello world",
                                "dbv": 1,
                                "sv": 2
                            },
                            "db-b": {
                                "av": 3,
                                "dbs": "hello world",
                                "dbv": 1,
                                "sv": 2
                            },
                            "db-c": {
                                "av": 3,
                                "dbs": "hello world",
                                "dbv": 1,
                                "sv": 2
                            },
                            "loose1": {
                                "a": 1,
                                "av": 3
                            },
                            "pi": {
                                "ansible_host": "10.0.0.2",
                                "ansible_port": 2222,
                                "av": 3,
                                "d": "{a:1}",
                                "dbs": "hello world",
                                "dbv": 1,
                                "e": "",
                                "f": "false",
                                "hx": 31,
                                "l": [
                                    1,
                                    2
                                ],
                                "n": null,
                                "oc": "010",
                                "s": "quoted str",
                                "sv": 2,
                                "t": true,
                                "x": 1.5,
                                "y": "yes"
                            },
                            "web01": {
                                "ansible_port": 2222,
                                "av": 3,
                                "sv": 2
                            },
                            "web02": {
                                "ansible_port": 2222,
                                "av": 3,
                                "sv": 2
                            },
                            "web03": {
                                "ansible_port": 2222,
                                "av": 3,
                                "sv": 2
                            }
                        }
                    },
                    "all": {
                        "children": [
                            "ungrouped",
                            "servers",
                            "empty"
                        ]
                    },
                    "db": {
                        "hosts": [
                            "db-a",
                            "db-b",
                            "db-c",
                            "pi"
                        ]
                    },
                    "servers": {
                        "children": [
                            "web",
                            "db"
                        ]
                    },
                    "ungrouped": {
                        "hosts": [
                            "loose1"
                        ]
                    },
                    "web": {
                        "hosts": [
                            "web01",
                            "web02",
                            "web03",
                            "pi"
                        ]
                    }
                }""", InventoryPrinter.list(inv));
    }

    @Test
    void listOfYamlWithVarsFiles() {
        InvFixture f = new InvFixture(tmp);
        f.write("y/group_vars/all.yml", "gv_all: 1\n");
        f.write("y/group_vars/web/a.yml", "gv_web_a: 1\nover2: a\n");
        f.write("y/group_vars/web/b.yaml", "over2: b\n");
        f.write("y/group_vars/web/c.txt", "x: 1\n");
        f.write("y/host_vars/web01.json", "{\"hv\": 5}\n");
        f.write("y/inv.yml", YamlInventoryParserTest.INV_YML);
        Inventory inv = f.load("y/inv.yml");
        assertEquals("""
                {
                    "_meta": {
                        "hostvars": {
                            "dbhost": {
                                "av": "all",
                                "gv_all": 1,
                                "over": "db"
                            },
                            "direct1": {
                                "av": "all",
                                "dv": 1,
                                "gv_all": 1,
                                "over": "all"
                            },
                            "lonely": {
                                "av": "all",
                                "gv_all": 1,
                                "over": "all"
                            },
                            "web-x": {
                                "ansible_port": 2200,
                                "av": "all",
                                "gv_all": 1,
                                "gv_web_a": 1,
                                "over": "web",
                                "over2": "b",
                                "wv": [
                                    1,
                                    2
                                ]
                            },
                            "web01": {
                                "ansible_port": 22,
                                "av": "all",
                                "gv_all": 1,
                                "gv_web_a": 1,
                                "hv": 5,
                                "over": "nginx",
                                "over2": "b",
                                "wv": [
                                    1,
                                    2
                                ]
                            },
                            "web02": {
                                "ansible_port": 22,
                                "av": "all",
                                "gv_all": 1,
                                "gv_web_a": 1,
                                "over": "web",
                                "over2": "b",
                                "wv": [
                                    1,
                                    2
                                ]
                            }
                        }
                    },
                    "all": {
                        "children": [
                            "ungrouped",
                            "web",
                            "db",
                            "alpha"
                        ]
                    },
                    "alpha": {
                        "hosts": [
                            "dbhost"
                        ]
                    },
                    "db": {
                        "hosts": [
                            "dbhost"
                        ]
                    },
                    "nginx": {
                        "hosts": [
                            "web01"
                        ]
                    },
                    "ungrouped": {
                        "hosts": [
                            "lonely",
                            "direct1"
                        ]
                    },
                    "web": {
                        "children": [
                            "nginx"
                        ],
                        "hosts": [
                            "web01",
                            "web02",
                            "web-x"
                        ]
                    }
                }""", InventoryPrinter.list(inv));
    }

    @Test
    void emptyInventoryList() {
        Inventory inv = new InvFixture(tmp).load("nonexist");
        assertEquals("""
                {
                    "_meta": {
                        "hostvars": {}
                    },
                    "all": {
                        "children": [
                            "ungrouped"
                        ]
                    }
                }""", InventoryPrinter.list(inv));
    }
}
