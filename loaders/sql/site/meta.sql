-- One value of the warehouse's meta table ('load_report', 'policy_file', 'as_of').
SELECT value FROM meta WHERE key = $key;
