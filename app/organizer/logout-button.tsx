import { logoutAction } from "./actions";

// A plain form: works without JavaScript, and a POST so that it cannot be triggered cross-site by a GET.
export function LogoutButton() {
  return (
    <form action={logoutAction} className="inline-form">
      <button className="button secondary" type="submit">
        Log out
      </button>
    </form>
  );
}
