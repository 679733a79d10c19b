/**
 * One entry of the calendar's grid (islands/CalendarView.tsx): its picture,
 * time, caption and state; for a scheduled post, dragged to another day, Edit
 * (the form right after it) and Cancel post; and the refusal of the last
 * action on it.
 * @module
 */
import { clockTime, localizeTimes } from "./local_times.ts";
import { keepOnEscape } from "./confirm_focus.ts";
import { ConfirmAction } from "./ConfirmAction.tsx";
import { MediaThumb } from "./MediaThumb.tsx";
import { ErrorRegion } from "./StatusRegion.tsx";
import { CalendarEditForm } from "./CalendarEditForm.tsx";
import { pageWords } from "./page_words.ts";
import type { JobChange } from "./CalendarEditForm.tsx";
import type { Entry, Refusal } from "./calendar_entries.ts";
import type { StopWordList } from "../lib/posting/caption_checks.ts";

export interface CalendarEntryProps {
  entry: Entry;
  /** How a screen reader names the entry's buttons (entryName). */
  name: string;
  /** Its edit form is asked open (Edit pressed). */
  editing: boolean;
  /** The refusal of the last action on this entry, if it was one. */
  refused: Refusal | null;
  stopWords: StopWordList;
  /** Edit pressed: opens the form, or closes it when open. */
  onEdit: () => void;
  /** Closes the form unsaved (Close, Escape). */
  onCloseEdit: () => void;
  onSave: (body: JobChange) => Promise<unknown>;
  /** Cancel post, once confirmed. */
  onCancel: () => Promise<void>;
}

export function CalendarEntry(props: CalendarEntryProps) {
  const { entry: e, name, refused: said } = props;
  const open = props.editing && e.job?.state === "scheduled";
  return (
    <li
      class={`entry state-${e.state}`}
      data-entry={e.id}
      data-state={e.state}
      draggable={e.job?.state === "scheduled"}
      onDragStart={(ev) => ev.dataTransfer?.setData("text/plain", e.id)}
    >
      {
        /* The picture a creator knows the post by and, with no caption,
          "No caption" (its buttons name its kind), as Scheduled posts
          show it (docs/dashboard.md#calendar-posts-and-media). */
      }
      <MediaThumb src={e.src} photo={e.photo} small />
      <time dateTime={e.at}>{clockTime(e.at)}</time>{" "}
      <span class="caption">
        {
          /* A post made links to its item on the posts page: its
            counts, TikTok's reason for a failure, Post again; that page
            opened from it (?post=), as it may be older than the 50
            newest listed there. */
        }
        {e.job
          ? e.title || <span class="muted">No caption</span>
          : (
            <a href={`/dashboard/posts?post=${e.id}#post-${e.id}`}>
              {e.title || `${e.photo ? "Photo" : "Video"} post`}
            </a>
          )}
      </span>{" "}
      <span class="state">{e.label}</span>
      {e.job?.error && (
        <span class="error-message">
          {localizeTimes(e.job.error.message)}
        </span>
      )}
      {e.job?.state === "scheduled" && (
        <span class="actions">
          <button
            type="button"
            class="secondary"
            id={`edit-${e.id}-open`}
            data-testid="entry-edit"
            aria-expanded={props.editing}
            onClick={props.onEdit}
            // Edit keeps focus when it opens the form:
            // Escape there closes it too, not only inside.
            onKeyDown={open ? keepOnEscape(props.onCloseEdit) : undefined}
          >
            Edit
            <span class="visually-hidden">{` ${name}`}</span>
          </button>
          {
            /* Right after Edit, so Tab goes from Edit into
            the form, not to Cancel post first. */
          }
          {open && (
            <CalendarEditForm
              job={e.job!}
              stopWords={props.stopWords}
              refused={said}
              onSave={props.onSave}
              onClose={() => {
                // Back to Edit, as a question gives focus back.
                document.getElementById(`edit-${e.id}-open`)?.focus();
                props.onCloseEdit();
              }}
            />
          )}
          {
            /* "Cancel post", not "Cancel": beside the edit
            form's buttons it must not read as closing it. */
          }
          <ConfirmAction
            label="Cancel post"
            what={name}
            question={pageWords().cards.cancelScheduledAsk}
            confirmLabel="Yes, cancel it"
            testId="entry-cancel"
            onConfirm={props.onCancel}
          />
        </span>
      )}
      {
        /* A drag's or Cancel post's refusal, or Save's once the
        form is gone with the post's scheduled state (beside
        the post it made, if it ran meanwhile); on the page
        from the start, so it is announced. */
      }
      <ErrorRegion
        id={`entry-${e.id}-refused`}
        testId="entry-refused"
        message={open ? "" : said?.text ?? ""}
      />
    </li>
  );
}
