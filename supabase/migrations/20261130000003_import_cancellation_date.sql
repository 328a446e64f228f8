-- The import reads a policy's cancellation date (SPEC §6, §11: a policy ends on the day it was
-- cancelled). Staged rows carry it from validation to the commit, which writes
-- policies.cancellation_date. Staged rows are a commit's scratch space: a job validated before
-- this column existed simply has it null, as its file had no such column.
alter table private.import_staged_rows add column cancellation_date date;
