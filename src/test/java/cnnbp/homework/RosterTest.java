package cnnbp.homework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RosterTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    private Path file(String text) throws IOException {
        return Files.writeString(fs.getPath("/roster.csv"), text);
    }

    @Test
    void aCanvasGradebookExportSkipsPointsPossibleAndUsesTheIdColumn() throws IOException {
        // The first rows of a Canvas "Export Entire Gradebook", with a byte order mark as Excel saves it.
        Roster r = Roster.read(file("\uFEFFStudent,ID,SIS User ID,SIS Login ID,Section,Homework 1 (1234)\n"
                + "    Points Possible,,,,,17.00\n"
                + "\"Doe, Jane\",4211,S001,jdoe,BIO 101 A,\n"
                + "\"Roe, Rick\",4212,S002,rroe,BIO 101 A,\n"), null);
        assertEquals("ID", r.idColumn());
        assertEquals(List.of("4211", "4212"), r.students().stream().map(Roster.Student::id).toList());
        assertEquals("Doe, Jane", r.students().get(0).columns().get("Student"));
        assertEquals("Student", r.header().get(0));
        assertEquals(3, r.students().get(0).line());
        assertEquals("S002", Roster.read(file("Student,ID,SIS User ID\n\"Roe, Rick\",4212,S002\n"), "SIS User ID")
                .students().get(0).id());
    }

    @Test
    void aMoodleExportFindsItsIdNumberColumn() throws IOException {
        Roster r = Roster.read(file("First name,Last name,ID number,Institution,Department,Email address\n"
                + "Jane,Doe,20231,Uni,CS,jane@uni.edu\nRick,Roe,20232,Uni,CS,rick@uni.edu\n"), null);
        assertEquals("ID number", r.idColumn());
        assertEquals("20232", r.students().get(1).id());
        assertEquals("rick@uni.edu", Roster.read(file("First name,Email address\nRick,rick@uni.edu\n"), null).students().get(0).id());
    }

    @Test
    void mistakesNameTheLine() throws IOException {
        assertMessage("id,name\na1,A\n,B\n", "/roster.csv:3: empty id");
        assertMessage("id,name\na1,A\nb2\n", "/roster.csv:3: row has 1 columns, expected 2");
        assertMessage("id,name\n../x,A\n", "/roster.csv:2: id '../x' cannot name a folder");
        assertMessage("id,name\nA1,A\na1,B\n", "/roster.csv:3: id 'a1' is already on line 2");
        assertMessage("id\n", "/roster.csv: the roster has no students");
        assertMessage("name\nAmy\n", "/roster.csv:1: no student id column");
        BadInputException e = assertThrows(BadInputException.class, () -> Roster.read(fs.getPath("/none.csv"), null));
        assertEquals("/none.csv: cannot read roster: no such file", e.getMessage());
    }

    private void assertMessage(String csv, String start) throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> Roster.read(file(csv), null));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
