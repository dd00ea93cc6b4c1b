/// The files `placement init` writes: a commented scenario and CSV templates with the expected
/// headers and one example row each, which validate and solve as they are.
public enum ScenarioTemplate {
    /// The workbook `init --xlsx` writes beside the scenario.
    public static let workbookName = "allocation.xlsx"

    /// The scenario of `init --xlsx`: every table is a sheet of the workbook.
    public static var workbookScenario: String {
        var text = files[0].text
        text = text.replacingOccurrences(
            of: """
                # Roster tables: CSV files beside this one (UTF-8, comma or semicolon), or inline lists.
                universities: universities.csv
                students: students.csv
                bases: bases.csv
                """,
            with: """
                # Every table is a sheet of \(workbookName): edit the workbook, not this file.
                universities: {file: \(workbookName), sheet: Universities}
                students: {file: \(workbookName), sheet: Students}
                bases: {file: \(workbookName), sheet: Bases}
                # Alliance rules as sheets too: one rule per row (empty sheets: no such rule).
                rules:
                  locks: {file: \(workbookName), sheet: Locks}
                  bans: {file: \(workbookName), sheet: Bans}
                  groups: {file: \(workbookName), sheet: Groups}
                  apart: {file: \(workbookName), sheet: Apart}
                  reservations: {file: \(workbookName), sheet: Reservations}
                """)
        return text
    }

    /// The workbook's sheets, as CSV text (header and example rows).
    public static var workbookTables: [(sheet: String, csv: String)] {
        [
            ("Universities", files[1].text), ("Students", files[2].text), ("Bases", files[3].text),
            ("Locks", "student,base,term\n"), ("Bans", "student,base\n"), ("Groups", "id,students,together\n"),
            ("Apart", "first,second\n"), ("Reservations", "base,university,seats,mode,terms\n")
        ]
    }

    public static let files: [(name: String, text: String)] = [
        (
            "scenario.yaml",
            """
            # Placement scenario (format documented in docs/scenario-format.md).
            format_version: 1
            name: my-term
            # Terms of the allocation: ids are used in the CSV files (terms, capacity:TERM columns).
            terms:
              - id: 2027-spring
                name: Spring 2027
            # Roster tables: CSV files beside this one (UTF-8, comma or semicolon), or inline lists.
            universities: universities.csv
            students: students.csv
            bases: bases.csv
            policy:
              # Objectives in lexicographic order: place as many as possible, then minimise cost.
              objectives: [max_placed, min_cost]
              # Cost of a student's r-th choice: linear (r), squared (r*r) or a list [1, 3, 6, ...].
              rank_cost: squared
              # May a student be placed at an eligible base she did not rank, and at what cost?
              unranked: { allowed: false, cost: 100 }
              # Optional travel cost per km from her home university, and a maximum distance.
              travel_cost_per_km: 0
              max_travel_km: null
              # Optional list of countries the programme allows, e.g. [CN, VN, TH]; null = all.
              allowed_countries: null
              time_limit_seconds: 300

            """
        ),
        (
            "universities.csv",
            """
            id,name,country,city,latitude,longitude
            GUET,Guilin University of Electronic Technology,CN,Guilin,25.2866,110.2901

            """
        ),
        (
            "students.csv",
            """
            id,name,university,nationality,field,languages,grade,terms,excluded_countries,preferences
            S001,Lê Thị Hương,GUET,VN,software,"en: B2, zh: HSK4, vi: native",3.4,2027-spring,,B01 > B02

            """
        ),
        (
            "bases.csv",
            """
            id,name,kind,country,city,latitude,longitude,fields,languages,capacity:2027-spring
            B01,Example ASEAN software firm,asean_firm,TH,Bangkok,13.7563,100.5018,software|data_ai,en: B1,2
            B02,Example Belt and Road enterprise,bri_enterprise,LA,Vientiane,17.9757,102.6331,software|telecom,"zh: HSK4 | en: B2",1

            """
        )
    ]
}
