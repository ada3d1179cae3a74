-- Issue 16: a journal entry's lines are written in one statement, so their balance is checked once per statement
-- (over every line of each entry the statement touched) instead of once per line at commit: three queries per
-- entry become one. An entry still cannot commit without lines (checked at commit, once per entry), and a line
-- added later to any entry is checked with all that entry's lines, so no entry can be left unbalanced.
drop trigger journal_lines_balanced on journal_lines;
drop function check_entry_balanced();

create function check_inserted_lines_balanced() returns trigger language plpgsql as $$
declare
    unbalanced text;
begin
    select l.entry_id into unbalanced from journal_lines l
    where l.entry_id in (select distinct entry_id from new_lines)
    group by l.entry_id, l.currency
    having sum(case when l.side = 'debit' then l.amount else -l.amount end) <> 0
    limit 1;
    if unbalanced is not null then
        raise exception 'journal entry % does not balance', unbalanced using errcode = 'P0002';
    end if;
    return null;
end;
$$;
create trigger journal_lines_balanced after insert on journal_lines
    referencing new table as new_lines for each statement execute function check_inserted_lines_balanced();
